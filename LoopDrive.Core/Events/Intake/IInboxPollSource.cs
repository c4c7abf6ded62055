namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// A provider inbox that does not push (a Reddit inbox, X direct messages in live mode), read by
/// the scheduled poll of <c>intake.fetch</c> (<see cref="PollInbox"/>).
/// </summary>
public interface IInboxPollSource
{
    /// <summary>The normalizer source of its messages (reddit, x); also the provider of its cursor.</summary>
    string Provider { get; }

    /// <summary>The account read, as named in its cursor row; null when it cannot be read now (not configured).</summary>
    Task<string?> AccountAsync(CancellationToken cancellationToken);

    /// <summary>Messages newer than <paramref name="cursor"/>, oldest first.</summary>
    Task<IReadOnlyList<PolledMessage>> FetchAsync(InboxPollCursor cursor, CancellationToken cancellationToken);

    /// <summary>After the fetched messages are committed to the pipeline: tell the provider (mark read), if it keeps such state.</summary>
    Task AcknowledgeAsync(IReadOnlyList<PolledMessage> messages, CancellationToken cancellationToken);
}

/// <param name="Id">The provider's message id; the cursor moves to it.</param>
/// <param name="Payload">The message as its normalizer reads it (the shape the provider's push would have); null for one
/// that only moves the cursor (a message the account itself sent).</param>
/// <param name="Unread">The provider shows it as unread: <see cref="IInboxPollSource.AcknowledgeAsync"/> marks it read.</param>
public sealed record PolledMessage(string Id, DateTimeOffset? CreatedAt, string? Payload, bool Unread = false);
