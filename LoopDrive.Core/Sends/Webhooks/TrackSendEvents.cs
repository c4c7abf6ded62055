using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

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
        var tracked = stored.Where(e => e.Channel is not null && Action(e.Type) is not null)
            .Select(e => (Event: e, Action: Action(e.Type)!, Refs: ProviderEventRefs.Of(e.Payload))).ToList();
        if (tracked.Count == 0) return;

        // A send named by one plain status event of this delivery moves, and gets its timeline entry, in one statement
        // per status for all such sends, without reading them first; several events for one send, replies, suppressing
        // events and events whose named send is not in this workspace go one by one, in order, as before.
        var perSend = tracked.Where(t => t.Refs.SendId is not null).GroupBy(t => t.Refs.SendId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lone = tracked.Where(t => t.Refs.SendId is { } id && perSend[id] == 1
                                      && t.Action is not (SendStatuses.Replied or "bounced" or "spam_reported" or "unsubscribed")).ToList();
        var handled = new HashSet<Event>();
        foreach (var group in lone.GroupBy(t => t.Action, StringComparer.Ordinal))
        {
            var journaled = await MoveAndJournalAsync(workspaceId, group.Key, [.. group.Select(t => (t.Event, t.Refs.SendId!))], cancellationToken);
            handled.UnionWith(group.Where(t => journaled.Contains(t.Refs.SendId!)).Select(t => t.Event));
        }

        var rest = tracked.Where(t => !handled.Contains(t.Event)).ToList();
        if (rest.Count == 0) return;
        var byId = await FindByIdAsync(workspaceId, rest.Where(t => t.Refs.SendId is not null).Select(t => t.Refs.SendId!), cancellationToken);
        var unnamed = rest.Where(t => t.Refs.SendId is not { } id || !byId.ContainsKey(id)).ToList();
        var byExternal = await FindByExternalIdAsync(workspaceId,
            unnamed.Where(t => t.Action != SendStatuses.Replied && t.Refs.ExternalId is not null).Select(t => t.Refs.ExternalId!), cancellationToken);
        var lastSent = await FindLastSentAsync(workspaceId,
            unnamed.Where(t => t.Action == SendStatuses.Replied && t.Event.PersonId is not null).Select(t => (t.Event.PersonId!, t.Event.Channel!)), cancellationToken);
        foreach (var (e, action, refs) in rest)
        {
            var send = refs.SendId is { } sendId && byId.TryGetValue(sendId, out var named) ? named : Find(e, refs, action, byExternal, lastSent);
            if (send is not null) await ApplyAsync(send, e, action, cancellationToken);
            if (action is "bounced" or "spam_reported" or "unsubscribed" && send?.Recipient is { } address)
                await SuppressAsync(send, address, action, e, cancellationToken);
            if (action == "replied" && e.PersonId is { } personId)
            {
                await db.SaveChangesAsync(cancellationToken);
                await optOut.HandleAsync(workspaceId, personId, e.Channel!, OptOutParser.Parse(refs.Text), "inbound_" + e.Source, cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The conditional UPDATE of <see cref="ApplyManyAsync"/> and the timeline rows of the events, as one statement in
    /// the caller's transaction. Only sends of this workspace are touched; the events of the others are left to the
    /// one-by-one path (which may still find their send by the provider's message id).
    /// </summary>
    /// <returns>The ids of the sends whose event was added to their timeline.</returns>
    private async Task<HashSet<string>> MoveAndJournalAsync(string workspaceId, string action, IReadOnlyList<(Event Event, string SendId)> events,
        CancellationToken cancellationToken)
    {
        var (move, from) = action is SendStatuses.Failed
            ? ("status = 'failed', error_code = 'provider_failed', error = 'The provider reported the message undeliverable.'", Undelivered)
            : ("status = $6", Tracking.Where(t => SendStatuses.Rank(t) < SendStatuses.Rank(action)).ToArray());
        var journaled = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"""
                with moved as (
                    update sends s set {move}, updated_at = $7
                    where s.id = any($1) and s.workspace_id = $8 and s.status = any($9)
                ), known as (
                    select s.id from sends s where s.id = any($1) and s.workspace_id = $8
                )
                insert into send_events (id, workspace_id, send_id, type, source, provider_event_id, code, detail, at)
                select ev.id, $8, ev.send_id, $6, ev.source, ev.provider_event_id, null, null, ev.at
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) as ev(send_id, id, source, provider_event_id, at)
                join known on known.id = ev.send_id
                returning send_id
                """, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
            command.Parameters.AddWithValue(events.Select(e => e.SendId).ToArray());
            command.Parameters.AddWithValue(events.Select(_ => Ids.New(SendJournal.Prefix)).ToArray());
            command.Parameters.AddWithValue(events.Select(e => e.Event.Source).ToArray());
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = events.Select(e => e.Event.IdempotencyKey).ToArray() });
            command.Parameters.AddWithValue(events.Select(e => e.Event.Ts).ToArray());
            command.Parameters.AddWithValue(action);
            command.Parameters.AddWithValue(clock.GetUtcNow());
            command.Parameters.AddWithValue(workspaceId);
            command.Parameters.AddWithValue(from);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) journaled.Add(reader.GetString(0));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return journaled;
    }

    private async Task<Dictionary<string, Send>> FindByIdAsync(string workspaceId, IEnumerable<string> sendIds, CancellationToken cancellationToken)
    {
        var ids = sendIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return new(StringComparer.Ordinal);
        return await db.Sends.IgnoreQueryFilters().AsNoTracking().Where(s => s.WorkspaceId == workspaceId && ids.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>The conditional UPDATE of <see cref="ApplyAsync"/>: the status moves forward only, or to failed while nothing was confirmed delivered.</summary>
    private async Task ApplyManyAsync(IReadOnlyList<Send> sends, string action, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = sends.Select(s => s.Id).ToList();
        if (action is SendStatuses.Failed or "bounced")
        {
            var (code, detail) = (action == "bounced" ? "bounced" : "provider_failed", "The provider reported the message undeliverable.");
            await db.Sends.IgnoreQueryFilters().Where(s => ids.Contains(s.Id) && Undelivered.Contains(s.Status))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SendStatuses.Failed).SetProperty(s => s.ErrorCode, code)
                    .SetProperty(s => s.Error, detail).SetProperty(s => s.UpdatedAt, now), cancellationToken);
        }
        else if (SendStatuses.Rank(action) is var rank and > 0 and < 8)
        {
            var below = Tracking.Where(t => SendStatuses.Rank(t) < rank).ToArray();
            await db.Sends.IgnoreQueryFilters().Where(s => ids.Contains(s.Id) && below.Contains(s.Status))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, action).SetProperty(s => s.UpdatedAt, now), cancellationToken);
        }
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

    /// <summary>
    /// The send an event names by the provider's message id, or, for a reply, the last message that
    /// reached the person on that channel. Both are read for the whole batch up front: the events
    /// handled before this one change no send's message id or sent time.
    /// </summary>
    private static Send? Find(Event e, ProviderEventRefs refs, string action, Dictionary<string, Send> byExternal, Dictionary<(string, string), Send> lastSent)
    {
        if (action != SendStatuses.Replied)
            return refs.ExternalId is { } external && byExternal.TryGetValue(external, out var send) ? send : null;
        return e.PersonId is { } personId && lastSent.TryGetValue((personId, e.Channel!), out var last) ? last : null;
    }

    private async Task<Dictionary<string, Send>> FindByExternalIdAsync(string workspaceId, IEnumerable<string> externalIds, CancellationToken cancellationToken)
    {
        var ids = externalIds.Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, Send>(StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        // "is not null" spelled out lets the planner use the partial index on external_id.
        var sends = await db.Sends.IgnoreQueryFilters().AsNoTracking().Where(s => s.WorkspaceId == workspaceId && s.ExternalId != null && ids.Contains(s.ExternalId))
            .OrderBy(s => s.Id).ToListAsync(cancellationToken);
        foreach (var send in sends) found.TryAdd(send.ExternalId!, send);
        return found;
    }

    /// <summary>Per (person, channel), the send that reached the person last, confirmations aside: what a reply answers.</summary>
    private async Task<Dictionary<(string, string), Send>> FindLastSentAsync(string workspaceId, IEnumerable<(string PersonId, string Channel)> pairs,
        CancellationToken cancellationToken)
    {
        var wanted = pairs.Distinct().ToList();
        var found = new Dictionary<(string, string), Send>();
        if (wanted.Count == 0) return found;
        var persons = wanted.Select(p => p.PersonId).ToArray();
        var channels = wanted.Select(p => p.Channel).ToArray();
        var sends = await db.Sends.FromSql($"""
                select distinct on (s.person_id, s.channel) s.* from sends s
                join unnest({persons}, {channels}) as w(person_id, channel) on w.person_id = s.person_id and w.channel = s.channel
                where s.workspace_id = {workspaceId} and s.sent_at is not null and s.purpose <> {SendPurposes.Confirmation}
                order by s.person_id, s.channel, s.sent_at desc
                """).IgnoreQueryFilters().AsNoTracking().ToListAsync(cancellationToken);
        foreach (var send in sends) found[(send.PersonId, send.Channel)] = send;
        return found;
    }

    /// <summary>
    /// The status moves with one conditional UPDATE, not a read-modify-write: two events for the same
    /// send handled in parallel (a reply and a late "delivered") must not let the lower one win.
    /// </summary>
    private async Task ApplyAsync(Send send, Event e, string action, CancellationToken cancellationToken)
    {
        await ApplyManyAsync([send], action, cancellationToken);
        SendJournal.Add(db, send, action, e.Source, e.Ts, providerEventId: e.IdempotencyKey);
    }

    /// <summary>States a provider's failure report may still overturn: nothing was confirmed delivered yet.</summary>
    private static readonly string[] Undelivered =
        [SendStatuses.Queued, SendStatuses.Deferred, SendStatuses.Dispatching, SendStatuses.Unknown, SendStatuses.Sent];

    private static readonly string[] Tracking =
    [
        SendStatuses.Queued, SendStatuses.Deferred, SendStatuses.Dispatching, SendStatuses.Unknown, SendStatuses.Sent,
        SendStatuses.Delivered, SendStatuses.Opened, SendStatuses.Clicked, SendStatuses.Replied,
    ];

    private Task SuppressAsync(Send send, string address, string reason, Event e, CancellationToken cancellationToken) =>
        Suppressions.AddOnceAsync(db, send, address, reason == "bounced" ? "hard_bounce" : reason, e.Ts, cancellationToken);
}
