namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// How far a scheduled inbox poll has read one provider account (<c>intake.fetch</c>): the newest
/// message handed to the intake pipeline, so a restart resumes after it. Not a workspace's row —
/// one provider account's messages may route to several workspaces. The poll that holds the row
/// locked (<c>FOR UPDATE SKIP LOCKED</c>) is the only one reading that account.
/// </summary>
public sealed class InboxPollCursor
{
    /// <summary>reddit or x.</summary>
    public required string Provider { get; init; }

    /// <summary>The account polled: a stable name that is not a secret (a digest when only the token names it).</summary>
    public required string Account { get; init; }

    /// <summary>The provider's id of the newest message handed over (a Reddit fullname, an X DM event id).</summary>
    public string? LastId { get; set; }

    /// <summary>When the provider says that message was created.</summary>
    public DateTimeOffset? LastAt { get; set; }

    /// <summary>The end of the last poll that finished.</summary>
    public DateTimeOffset? PolledAt { get; set; }
}
