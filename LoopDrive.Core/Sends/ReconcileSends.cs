using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoopDrive.Core.Sends;

/// <summary>
/// Settles sends left <c>unknown</c>: an attempt recorded as accepted settles as sent; otherwise the
/// provider is asked whether it holds a message for the send (Twilio, Instagram and X by listing
/// what went to the recipient since the attempt). Found → sent; certainly not there (the sandbox,
/// and the attempt is old enough that no worker can still be inside the call) → the attempt is
/// marked lost and the send queued again; a live provider that shows nothing, or cannot be asked,
/// leaves it for review (<c>needs_review</c>): a list that lags must never cause a second message.
/// </summary>
public sealed class ReconcileSends(LoopDriveDbContext db, AttemptLog attempts, SendProviders providers, IOptions<SendOptions> options, TimeProvider clock)
{
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settleAfter = options.Value.ReconcileAfter;
        var unknown = await db.Sends.IgnoreQueryFilters()
            .Where(s => s.Status == SendStatuses.Unknown && s.ErrorCode != "needs_review" && s.UpdatedAt <= now - settleAfter)
            .OrderBy(s => s.UpdatedAt).Take(batchSize).ToListAsync(cancellationToken);
        foreach (var send in unknown)
        {
            var rows = await attempts.ReadAsync(send.Id, cancellationToken);
            if (rows.FirstOrDefault(a => a.Outcome == ProviderResult.Accepted) is { } accepted)
            {
                Settle(send, accepted.ExternalId, now);
                continue;
            }
            var open = rows.LastOrDefault(a => a.Outcome is "started" or ProviderResult.Unknown);
            if (open is not null && open.StartedAt > now - settleAfter) continue;
            var lookup = providers.For(send.Channel) is { } provider && send.Recipient is not null && send.Body is not null
                ? await provider.LookupAsync(DispatchSend.Message(send, open?.Number ?? rows.Count, ""), open?.StartedAt ?? send.QueuedAt, cancellationToken)
                : new ProviderLookup(ProviderLookup.Unsupported);
            switch (lookup.Kind)
            {
                case ProviderLookup.Found:
                    if (open is not null) await attempts.FinishAsync(send.Id, open.Number, ProviderResult.Accepted, lookup.ExternalId, null, now);
                    Settle(send, lookup.ExternalId, now);
                    break;
                case ProviderLookup.NotFound:
                    if (open is not null) await attempts.FinishAsync(send.Id, open.Number, "lost", null, "not_at_provider", now);
                    send.Status = SendStatuses.Deferred;
                    send.ScheduledFor = now;
                    send.UpdatedAt = now;
                    SendJournal.Add(db, send, SendStatuses.Deferred, "reconcile", now, "not_at_provider", "The provider holds no message for this send; queued again.");
                    break;
                default:
                    send.ErrorCode = "needs_review";
                    send.UpdatedAt = now;
                    SendJournal.Add(db, send, SendStatuses.Unknown, "reconcile", now, "needs_review", lookup.Detail
                        ?? (lookup.Kind == ProviderLookup.NotSeen
                            ? "The provider shows no such message, which cannot rule out one still in flight; a person must check."
                            : "The provider cannot be asked; a person must check."));
                    break;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return unknown.Count;
    }

    private void Settle(Send send, string? externalId, DateTimeOffset now)
    {
        send.Status = SendStatuses.Sent;
        send.ExternalId = externalId;
        send.SentAt ??= now;
        send.ErrorCode = null;
        send.Error = null;
        send.UpdatedAt = now;
        SendJournal.Add(db, send, SendStatuses.Sent, "reconcile", now, detail: "Confirmed with the provider.");
    }
}
