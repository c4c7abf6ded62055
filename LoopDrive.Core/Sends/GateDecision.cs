namespace LoopDrive.Core.Sends;

/// <summary>
/// One verdict of the gate, kept on the send. <see cref="Outcome"/> is <c>allow</c>, <c>defer</c>
/// (try again at <see cref="Until"/>), <c>skip</c> (a rule refuses for good) or <c>fail</c>
/// (a resource is missing, e.g. the envelope is empty). <see cref="Code"/> is stable snake_case.
/// </summary>
public sealed record GateDecision(string Stage, string Outcome, string Code, string Detail, DateTimeOffset At, DateTimeOffset? Until = null)
{
    public const string Allow = "allow";
    public const string Defer = "defer";
    public const string Skip = "skip";
    public const string Fail = "fail";

    public bool Allowed => Outcome == Allow;
}
