namespace LoopDrive.Contracts.Spine;

/// <summary>Every stream of the spine, declared once. Dead letters go to <c>&lt;stream&gt;.dead</c>.</summary>
public static class StreamNames
{
    public const string IntakeFetch = "intake.fetch";
    public const string IntakeNormalize = "intake.normalize";
    public const string IntakeEmbed = "intake.embed";
    public const string EmailCompose = "email.compose";
    public const string EmailSend = "email.send";
    public const string SmsCompose = "sms.compose";
    public const string SmsSend = "sms.send";
    public const string SocialCompose = "social.compose";
    public const string SocialSend = "social.send";
    public const string LearningTune = "learning.tune";
    public const string BudgetExecute = "budget.execute";

    /// <summary>Operations self-test stream (<c>POST /api/ops/pings</c>); not part of the loop.</summary>
    public const string OpsPing = "ops.ping";

    public const string DeadLetterSuffix = ".dead";

    public static readonly IReadOnlyList<string> All =
    [
        IntakeFetch, IntakeNormalize, IntakeEmbed,
        EmailCompose, EmailSend, SmsCompose, SmsSend, SocialCompose, SocialSend,
        LearningTune, BudgetExecute, OpsPing,
    ];

    public static string DeadLetter(string stream) => stream + DeadLetterSuffix;
}
