using LoopDrive.Core.Common;

namespace LoopDrive.Core.Sends;

/// <summary>
/// One message to one person on one channel, from acceptance to its last provider event. The
/// status moves forward only (see <see cref="SendStatuses"/>); every gate verdict is appended to
/// <see cref="GateDecisions"/> so a skipped or deferred send shows why.
/// </summary>
public sealed class Send : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string PersonId { get; init; }
    /// <summary><c>email</c>, <c>sms</c> or a DM platform.</summary>
    public required string Channel { get; init; }
    /// <summary><c>marketing</c> or <c>transactional</c>: which consent rule applies.</summary>
    public required string Purpose { get; init; }
    public required string Status { get; set; }
    /// <summary>The provider address (email, E.164 number or handle); personal data, never logged.</summary>
    public string? Recipient { get; set; }
    public string? Subject { get; set; }
    public string? Body { get; set; }
    public string? Html { get; set; }
    public string? BrandId { get; init; }
    public string? Objective { get; init; }
    public string? FromName { get; init; }
    public string? FromAddress { get; init; }
    public string? ReplyTo { get; init; }
    public string? ThreadId { get; init; }
    public string? UtmParams { get; init; }
    public string? Metadata { get; init; }
    public string? CompositionId { get; set; }
    public string? BulkJobId { get; init; }
    /// <summary>When the send may go out at the earliest; moved later by quiet hours.</summary>
    public DateTimeOffset ScheduledFor { get; set; }
    /// <summary>True when the caller asked for a time: only such sends can be cancelled (CONTRACT.md §5).</summary>
    public bool ScheduledByCaller { get; init; }
    /// <summary>
    /// <see cref="ScheduledFor"/> while the send is deferred, else null; computed by the database.
    /// The scheduler's index is on this column alone, so the status changes of the pipeline touch
    /// no indexed column and PostgreSQL can update the row in place (HOT).
    /// </summary>
    public DateTimeOffset? DueAt { get; private set; }
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? ExternalId { get; set; }
    public string? ErrorCode { get; set; }
    public string? Error { get; set; }
    public long PriceCents { get; set; }
    public int Segments { get; set; }
    /// <summary>jsonb array of <see cref="GateDecision"/>.</summary>
    public string GateDecisions { get; set; } = "[]";
}
