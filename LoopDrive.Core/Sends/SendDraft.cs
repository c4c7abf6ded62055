namespace LoopDrive.Core.Sends;

/// <summary>A validated send request, channel-neutral. Either <see cref="PersonId"/> or an <see cref="Address"/> names the recipient.</summary>
public sealed record SendDraft(
    string Channel,
    string? PersonId,
    string? Address,
    string? Subject,
    string? Body,
    string? Html,
    string? BrandId,
    string? Objective,
    string? FromName,
    string? FromAddress,
    string? ReplyTo,
    string? ThreadId,
    string? UtmParams,
    string? Metadata,
    DateTimeOffset? ScheduleFor,
    string? BulkJobId = null,
    string Purpose = People.ContactPurposes.Marketing);

/// <summary>How acceptance ended: a queued send, or the reason there is none.</summary>
public abstract record AcceptOutcome
{
    public sealed record Accepted(Send Send) : AcceptOutcome;

    public sealed record PersonNotFound : AcceptOutcome;

    /// <summary>422 with <see cref="Code"/> (consent_required, suppressed, no_address, …).</summary>
    public sealed record Refused(string Code, string Detail) : AcceptOutcome;
}
