using LoopDrive.Core.Data;
using LoopDrive.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Sends.Webhooks;

/// <summary>
/// What newly stored provider events do to sends (called by the intake pipeline after it stored
/// them, inside its transaction): delivered / opened / clicked / replied move the send forward
/// (never back), bounces and failures fail it with the provider's reason, hard bounces, spam
/// complaints and unsubscribes suppress the address, and a reply is read for STOP / START / HELP.
/// Each event is added to the send's timeline with the provider's id.
/// </summary>
public sealed class TrackSendEvents(LoopDriveDbContext db, ApplyOptOut optOut, TimeProvider clock)
{
    public async Task HandleAsync(string workspaceId, IReadOnlyList<Event> stored, CancellationToken cancellationToken)
    {
        foreach (var e in stored)
        {
            if (e.Channel is null || Action(e.Type) is not { } action) continue;
            var refs = ProviderEventRefs.Of(e.Payload);
            var send = await FindAsync(workspaceId, e, refs, action, cancellationToken);
            if (send is not null) Apply(send, e, action, refs);
            if (action is "bounced" or "spam_reported" or "unsubscribed" && send?.Recipient is { } address)
                await SuppressAsync(send, address, action, e, cancellationToken);
            if (action == "replied" && e.PersonId is { } personId)
            {
                await db.SaveChangesAsync(cancellationToken);
                await optOut.HandleAsync(workspaceId, personId, e.Channel, OptOutParser.Parse(refs.Text), "inbound_" + e.Source, cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary><c>email.delivered</c> → <c>delivered</c>; read receipts count as opens; types that say nothing about a send → null.</summary>
    private static string? Action(string type) => type[(type.IndexOf('.') + 1)..] switch
    {
        "sent" => SendStatuses.Sent,
        "delivered" => SendStatuses.Delivered,
        "opened" or "read" => SendStatuses.Opened,
        "clicked" => SendStatuses.Clicked,
        "replied" => SendStatuses.Replied,
        "failed" or "dropped" => SendStatuses.Failed,
        "bounced" => "bounced",
        "spam_reported" => "spam_reported",
        "unsubscribed" => "unsubscribed",
        _ => null,
    };

    private async Task<Send?> FindAsync(string workspaceId, Event e, ProviderEventRefs refs, string action, CancellationToken cancellationToken)
    {
        var sends = db.Sends.IgnoreQueryFilters().Where(s => s.WorkspaceId == workspaceId);
        if (refs.SendId is { } sendId && await sends.FirstOrDefaultAsync(s => s.Id == sendId, cancellationToken) is { } byId) return byId;
        if (action != SendStatuses.Replied && refs.ExternalId is { } external
            && await sends.FirstOrDefaultAsync(s => s.ExternalId == external, cancellationToken) is { } byExternal) return byExternal;
        if (action != SendStatuses.Replied || e.PersonId is not { } personId) return null;
        // A reply answers the last message that reached the person on that channel.
        return await sends.Where(s => s.PersonId == personId && s.Channel == e.Channel && s.SentAt != null && s.Purpose != SendPurposes.Confirmation)
            .OrderByDescending(s => s.SentAt).FirstOrDefaultAsync(cancellationToken);
    }

    private void Apply(Send send, Event e, string action, ProviderEventRefs refs)
    {
        var now = clock.GetUtcNow();
        var failure = action is SendStatuses.Failed or "bounced";
        if (failure && SendStatuses.Rank(send.Status) <= SendStatuses.Rank(SendStatuses.Sent))
        {
            send.Status = SendStatuses.Failed;
            send.ErrorCode = action == "bounced" ? "bounced" : "provider_failed";
            send.Error = "The provider reported the message undeliverable.";
        }
        else if (!failure && action is not ("spam_reported" or "unsubscribed")
                 && SendStatuses.Rank(action) > SendStatuses.Rank(send.Status) && SendStatuses.Rank(send.Status) < SendStatuses.Rank(SendStatuses.Failed))
        {
            send.Status = action;
            send.ExternalId ??= refs.ExternalId;
        }
        send.UpdatedAt = now;
        SendJournal.Add(db, send, action, e.Source, e.Ts, providerEventId: e.IdempotencyKey);
    }

    private async Task SuppressAsync(Send send, string address, string reason, Event e, CancellationToken cancellationToken)
    {
        var exists = await db.Suppressions.IgnoreQueryFilters()
            .AnyAsync(s => s.WorkspaceId == send.WorkspaceId && s.Channel == send.Channel && s.Address == address, cancellationToken);
        if (exists || db.Suppressions.Local.Any(s => s.WorkspaceId == send.WorkspaceId && s.Channel == send.Channel && s.Address == address)) return;
        db.Suppressions.Add(new Suppression
        {
            WorkspaceId = send.WorkspaceId,
            Channel = send.Channel,
            Address = address,
            Reason = reason == "bounced" ? "hard_bounce" : reason,
            PersonId = send.PersonId,
            CreatedAt = e.Ts,
        });
    }
}
