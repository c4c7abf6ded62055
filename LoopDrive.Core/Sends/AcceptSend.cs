using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The API's half of a send: find the person and their address on the channel, ask the gate
/// (consent and suppression refuse here with 422; quiet hours and caps only defer later), then
/// record the send as queued together with its outbox entry — <c>*.compose</c> when there is no
/// content, <c>*.send</c> when there is — in one transaction. A send scheduled for later waits as
/// <c>deferred</c> until the scheduler releases it.
/// </summary>
public sealed class AcceptSend(
    LoopDriveDbContext db,
    FindPerson findPerson,
    SendGate gate,
    Outbox outbox,
    WorkspacePolicies workspaces,
    TimeProvider clock)
{
    public const string IdPrefix = "send";

    public async Task<AcceptOutcome> HandleAsync(string workspaceId, SendDraft draft, CancellationToken cancellationToken)
    {
        var outcome = await PrepareAsync(workspaceId, draft, cancellationToken);
        if (outcome is AcceptOutcome.Accepted) await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Adds the send (and its outbox entry) to the context without saving, so a bulk chunk commits many at once.</summary>
    public async Task<AcceptOutcome> PrepareAsync(string workspaceId, SendDraft draft, CancellationToken cancellationToken)
    {
        if (draft.PersonId is { } personId) return (await PrepareManyAsync(workspaceId, draft, [personId], cancellationToken))[0];
        var (person, address) = await FindRecipientAsync(workspaceId, draft, cancellationToken);
        if (person is null) return new AcceptOutcome.PersonNotFound();
        address ??= (await AddressesOfAsync([person.Id], draft.Channel, cancellationToken)).GetValueOrDefault(person.Id);
        if (address is null) return NoAddress(draft.Channel);
        var now = clock.GetUtcNow();
        var send = NewSend(workspaceId, draft, person.Id, address, now);
        var verdict = await gate.EvaluateAsync(send, SendGate.StageAccept, cancellationToken);
        return Record(send, draft, verdict, now);
    }

    /// <summary>
    /// <see cref="PrepareAsync"/> for many persons who share one draft (a bulk chunk): the persons,
    /// their addresses and the gate's facts are read once for the whole list. Answered in order.
    /// </summary>
    public async Task<IReadOnlyList<AcceptOutcome>> PrepareManyAsync(string workspaceId, SendDraft draft, IReadOnlyList<string> personIds,
        CancellationToken cancellationToken)
    {
        var outcomes = new AcceptOutcome[personIds.Count];
        var ids = personIds.Distinct(StringComparer.Ordinal).ToList();
        var types = SendChannels.IdentityTypes(draft.Channel);
        // The persons and their identities on the channel in one query.
        var rows = await (
            from p in db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))
            from i in db.Identities.AsNoTracking().Where(i => i.PersonId == p.Id && types.Contains(i.Type)).DefaultIfEmpty()
            select new
            {
                p.Id, p.MergedIntoId, p.ErasedAt,
                Identity = i == null ? null : new AddressRow(i.Type, i.Value, i.IsPrimary, i.Verified, i.CreatedAt),
            }).ToListAsync(cancellationToken);
        var persons = rows.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var addresses = rows.Where(r => r.Identity is not null).GroupBy(r => r.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Preferred(g.Select(r => r.Identity!), types), StringComparer.Ordinal);
        var recipients = new string?[personIds.Count];
        for (var i = 0; i < personIds.Count; i++)
        {
            if (!persons.TryGetValue(personIds[i], out var person)) continue;
            if (person.MergedIntoId is null)
            {
                recipients[i] = person.ErasedAt is null ? person.Id : null;
                continue;
            }
            // A merged id is followed to its survivor one by one; merges are rare.
            if ((await FindRecipientAsync(workspaceId, draft with { PersonId = personIds[i] }, cancellationToken)).Person?.Id is not { } survivor) continue;
            recipients[i] = survivor;
            if (!addresses.ContainsKey(survivor) && (await AddressesOfAsync([survivor], draft.Channel, cancellationToken)).GetValueOrDefault(survivor) is { } found)
                addresses[survivor] = found;
        }

        var now = clock.GetUtcNow();
        var sends = new List<(int Index, Send Send)>(personIds.Count);
        for (var i = 0; i < personIds.Count; i++)
        {
            if (recipients[i] is not { } recipient) outcomes[i] = new AcceptOutcome.PersonNotFound();
            else if (addresses.GetValueOrDefault(recipient) is not { } address) outcomes[i] = NoAddress(draft.Channel);
            else sends.Add((i, NewSend(workspaceId, draft, recipient, address, now)));
        }
        var verdicts = await gate.EvaluateManyAsync([.. sends.Select(s => s.Send)], SendGate.StageAccept, cancellationToken);
        for (var k = 0; k < sends.Count; k++)
            outcomes[sends[k].Index] = Record(sends[k].Send, draft, verdicts[k], now);
        return outcomes;
    }

    private static AcceptOutcome.Refused NoAddress(string channel) =>
        new("no_address", $"The person has no {string.Join(" or ", SendChannels.IdentityTypes(channel))} to send to.");

    private Send NewSend(string workspaceId, SendDraft draft, string personId, string address, DateTimeOffset now) => new()
    {
        Id = Ids.New(IdPrefix, clock),
        WorkspaceId = workspaceId,
        PersonId = personId,
        Channel = draft.Channel,
        Purpose = draft.Purpose,
        Status = SendStatuses.Queued,
        Recipient = address,
        Subject = draft.Subject,
        Body = draft.Body,
        Html = draft.Html,
        BrandId = draft.BrandId,
        Objective = draft.Objective,
        FromName = draft.FromName,
        FromAddress = draft.FromAddress,
        ReplyTo = draft.ReplyTo,
        ThreadId = draft.ThreadId,
        UtmParams = draft.UtmParams,
        Metadata = draft.Metadata,
        BulkJobId = draft.BulkJobId,
        ScheduledFor = draft.ScheduleFor is { } at && at > now ? at : now,
        ScheduledByCaller = draft.ScheduleFor is not null,
        QueuedAt = now,
        UpdatedAt = now,
        Segments = draft.Channel == SendChannels.Sms && draft.Body is { } body ? Voice.Guardrails.SmsSegmenter.BilledParts(body) : 1,
    };

    /// <summary>What the acceptance verdict makes of the send: refused (a bulk job records it as skipped), deferred or queued.</summary>
    private AcceptOutcome Record(Send send, SendDraft draft, GateDecision verdict, DateTimeOffset now)
    {
        if (verdict.Outcome is GateDecision.Skip or GateDecision.Fail)
        {
            var code = ApiCode(verdict.Code);
            if (draft.BulkJobId is null) return new AcceptOutcome.Refused(code, verdict.Detail);
            // In a bulk job a refused recipient is a skipped send, counted and explained, not an error.
            GateDecisionLog.Append(send, verdict);
            send.Status = SendStatuses.Skipped;
            send.ErrorCode = verdict.Code;
            send.Error = verdict.Detail;
            db.Sends.Add(send);
            SendJournal.Add(db, send, SendStatuses.Skipped, "gate", now, verdict.Code, verdict.Detail);
            return new AcceptOutcome.Accepted(send);
        }

        GateDecisionLog.Append(send, verdict);
        db.Sends.Add(send);
        SendJournal.Add(db, send, SendStatuses.Queued, "api", now);
        if (send.ScheduledFor > now) send.Status = SendStatuses.Deferred;
        else SendQueue.Enqueue(outbox, send);
        return new AcceptOutcome.Accepted(send);
    }

    /// <summary>The codes CONTRACT.md §5 names for a 422: every consent refusal is <c>consent_required</c>.</summary>
    public static string ApiCode(string gateCode) => gateCode switch
    {
        "consent_revoked" or "consent_expired" or "no_consent" => "consent_required",
        _ => gateCode,
    };

    private async Task<(Person? Person, string? Address)> FindRecipientAsync(string workspaceId, SendDraft draft, CancellationToken cancellationToken)
    {
        if (draft.PersonId is { } personId)
        {
            var person = await findPerson.HandleAsync(personId, cancellationToken);
            if (person?.MergedIntoId is { } target) person = await findPerson.HandleAsync(target, cancellationToken);
            return (person is null || person.ErasedAt is not null ? null : person, null);
        }
        if (draft.Address is not { } raw) return (null, null);

        var policy = await workspaces.GetAsync(workspaceId, cancellationToken);
        var type = SendChannels.IdentityTypes(draft.Channel)[^1];
        var value = raw.Trim();
        if (IdentityNormalizer.TryNormalize(type, raw, new NormalizationOptions(policy.DefaultRegion, policy.FoldEmailSubaddress), out var normalized, out _))
            value = normalized.Value;
        var types = SendChannels.IdentityTypes(draft.Channel);
        var owner = await db.Identities.AsNoTracking()
            .Where(i => types.Contains(i.Type) && i.Value == value)
            .Select(i => i.PersonId).FirstOrDefaultAsync(cancellationToken);
        if (owner is null) return (null, null);
        var found = await findPerson.HandleAsync(owner, cancellationToken);
        return (found is null || found.ErasedAt is not null ? null : found, value);
    }

    /// <summary>Each person's address on the channel.</summary>
    private async Task<Dictionary<string, string>> AddressesOfAsync(IReadOnlyList<string> personIds, string channel, CancellationToken cancellationToken)
    {
        var types = SendChannels.IdentityTypes(channel);
        var rows = await db.Identities.AsNoTracking().Where(i => personIds.Contains(i.PersonId) && types.Contains(i.Type))
            .Select(i => new { i.PersonId, Address = new AddressRow(i.Type, i.Value, i.IsPrimary, i.Verified, i.CreatedAt) }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.PersonId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Preferred(g.Select(r => r.Address), types), StringComparer.Ordinal);
    }

    private sealed record AddressRow(string Type, string Value, bool IsPrimary, bool Verified, DateTimeOffset CreatedAt);

    /// <summary>The channel's preferred identity type first, then primary, verified, oldest.</summary>
    private static string Preferred(IEnumerable<AddressRow> identities, string[] types) =>
        identities.OrderBy(r => Array.IndexOf(types, r.Type)).ThenByDescending(r => r.IsPrimary)
            .ThenByDescending(r => r.Verified).ThenBy(r => r.CreatedAt).Select(r => r.Value).First();
}
