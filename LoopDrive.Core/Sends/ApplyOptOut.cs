using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Sends;

/// <summary>
/// What an inbound opt-out, opt-in or help request does, at once: STOP revokes consent for the
/// channel (both scopes), cancels every pending send to the person on it and queues one
/// confirmation; START grants again; HELP answers. The confirmation and help replies are the only
/// messages allowed past a revocation (<see cref="SendPurposes.Confirmation"/>).
/// </summary>
public sealed class ApplyOptOut(LoopDriveDbContext db, FindPerson findPerson, UpdateConsent consent, AcceptSend accept, TimeProvider clock)
{
    public const string StopConfirmation = "You are unsubscribed and will get no more messages here. Reply START to subscribe again.";
    public const string HelpReply = "Reply STOP to unsubscribe or START to subscribe again.";

    /// <returns>The number of pending sends cancelled.</returns>
    public async Task<int> HandleAsync(string workspaceId, string personId, string channel, OptOutParser.Intent intent, string source, CancellationToken cancellationToken)
    {
        if (intent == OptOutParser.Intent.None) return 0;
        var person = await findPerson.HandleAsync(personId, cancellationToken);
        if (person is null) return 0;
        var now = clock.GetUtcNow();
        switch (intent)
        {
            case OptOutParser.Intent.OptOut:
                await consent.HandleAsync(person, new UpdateConsent.Change(channel, "both", "revoked", source, null, null), cancellationToken);
                var cancelled = await CancelPendingAsync(person.Id, channel, now, cancellationToken);
                await ReplyOnceAsync(workspaceId, person.Id, channel, StopConfirmation, now, cancellationToken);
                return cancelled;
            case OptOutParser.Intent.OptIn:
                await consent.HandleAsync(person, new UpdateConsent.Change(channel, "both", "granted", source, null, null), cancellationToken);
                return 0;
            default:
                await ReplyOnceAsync(workspaceId, person.Id, channel, HelpReply, now, cancellationToken);
                return 0;
        }
    }

    public async Task<int> CancelPendingAsync(string personId, string channel, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Sends
            .Where(s => s.PersonId == personId && s.Channel == channel && s.Purpose != SendPurposes.Confirmation
                        && (s.Status == SendStatuses.Queued || s.Status == SendStatuses.Deferred))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SendStatuses.Cancelled)
                .SetProperty(s => s.ErrorCode, "consent_revoked")
                .SetProperty(s => s.Error, "The person opted out; pending sends on the channel were cancelled.")
                .SetProperty(s => s.UpdatedAt, now), cancellationToken);

    /// <summary>One reply per text per day: a person who sends STOP three times gets one confirmation.</summary>
    private async Task ReplyOnceAsync(string workspaceId, string personId, string channel, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-1);
        var already = await db.Sends.AnyAsync(s => s.PersonId == personId && s.Channel == channel
            && s.Purpose == SendPurposes.Confirmation && s.Body == body && s.QueuedAt > since, cancellationToken);
        if (already) return;
        await accept.HandleAsync(workspaceId, new SendDraft(channel, personId, null, channel == SendChannels.Email ? "Unsubscribed" : null,
            body, null, null, "support", null, null, null, null, null, null, null, Purpose: SendPurposes.Confirmation), cancellationToken);
    }
}

public static class SendPurposes
{
    public const string Marketing = ContactPurposes.Marketing;
    public const string Transactional = ContactPurposes.Transactional;
    /// <summary>The reply to STOP or HELP: allowed even after the revocation it confirms.</summary>
    public const string Confirmation = "confirmation";
}
