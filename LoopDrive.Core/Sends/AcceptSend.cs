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
        var outcome = (await JudgeAsync(workspaceId, [draft], cancellationToken))[0];
        Track(outcome, clock.GetUtcNow());
        return outcome;
    }

    /// <summary>
    /// <see cref="PrepareAsync"/> for many persons who share one draft (a bulk chunk): the persons,
    /// their addresses and the gate's facts are read once for the whole list. Answered in order.
    /// </summary>
    public async Task<IReadOnlyList<AcceptOutcome>> PrepareManyAsync(string workspaceId, SendDraft draft, IReadOnlyList<string> personIds,
        CancellationToken cancellationToken)
    {
        var outcomes = await JudgeAsync(workspaceId, [.. personIds.Select(id => draft with { PersonId = id, Address = null })], cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var outcome in outcomes) Track(outcome, now);
        return outcomes;
    }

    /// <summary>
    /// Decides many drafts of one workspace at once without touching the context: each accepted
    /// send comes back with its status (queued, deferred, or skipped in a bulk job) and its gate
    /// verdict, for the caller to store (<see cref="Track"/> on this context, or
    /// <see cref="AcceptedSendRows"/> on a raw connection). The persons named by id, their addresses
    /// and the gate's facts are read once for the whole list. Answered in order.
    /// </summary>
    public async Task<IReadOnlyList<AcceptOutcome>> JudgeAsync(string workspaceId, IReadOnlyList<SendDraft> drafts, CancellationToken cancellationToken)
    {
        var outcomes = new AcceptOutcome?[drafts.Count];
        var recipients = new (string PersonId, string Address)?[drafts.Count];
        // A draft that names an address goes to the address's owner (followed through merges) at that address.
        var owned = await AddressOwnersAsync(workspaceId, drafts, cancellationToken);
        var byId = drafts.Select((d, i) => owned[i] is { } o ? d with { PersonId = o.Owner } : d).ToList();
        await ResolveByIdAsync(workspaceId, byId, [.. owned.Select(o => o?.Address)], recipients, outcomes, cancellationToken);
        for (var i = 0; i < drafts.Count; i++)
            if (byId[i].PersonId is null) outcomes[i] = new AcceptOutcome.PersonNotFound();

        var now = clock.GetUtcNow();
        var sends = new List<(int Index, Send Send)>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
            if (recipients[i] is { } r) sends.Add((i, NewSend(workspaceId, drafts[i], r.PersonId, r.Address, now)));
        var verdicts = await gate.EvaluateManyAsync([.. sends.Select(s => s.Send)], SendGate.StageAccept, cancellationToken);
        for (var k = 0; k < sends.Count; k++)
            outcomes[sends[k].Index] = Decide(sends[k].Send, drafts[sends[k].Index], verdicts[k], now);
        return [.. outcomes.Select(o => o!)];
    }

    /// <summary>
    /// Per draft that names an address instead of a person: the address as normalized for the
    /// workspace and the person whose identity it is, all looked up in one query; null when no one
    /// in the workspace has it.
    /// </summary>
    private async Task<(string Owner, string Address)?[]> AddressOwnersAsync(string workspaceId, IReadOnlyList<SendDraft> drafts, CancellationToken cancellationToken)
    {
        var owners = new (string, string)?[drafts.Count];
        var wanted = Enumerable.Range(0, drafts.Count).Where(i => drafts[i].PersonId is null && drafts[i].Address is not null).ToList();
        if (wanted.Count == 0) return owners;
        var policy = await workspaces.GetAsync(workspaceId, cancellationToken);
        var normalized = wanted.ToDictionary(i => i, i => NormalizedAddress(drafts[i], policy));
        var types = wanted.SelectMany(i => SendChannels.IdentityTypes(drafts[i].Channel)).Distinct(StringComparer.Ordinal).ToList();
        var values = normalized.Values.Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Identities.AsNoTracking().Where(i => types.Contains(i.Type) && values.Contains(i.Value))
            .Select(i => new { i.Type, i.Value, i.PersonId }).ToListAsync(cancellationToken);
        foreach (var i in wanted)
        {
            var channelTypes = SendChannels.IdentityTypes(drafts[i].Channel);
            var owner = rows.Where(r => r.Value == normalized[i] && channelTypes.Contains(r.Type))
                .OrderBy(r => Array.IndexOf(channelTypes, r.Type)).Select(r => r.PersonId).FirstOrDefault();
            if (owner is not null) owners[i] = (owner, normalized[i]);
        }
        return owners;
    }

    /// <summary>
    /// Drafts that name a person by id: the persons and their identities on the drafts' channels in
    /// one query; a merged id is followed to its survivor. The person's preferred address on the
    /// channel, unless the caller named one (<paramref name="named"/>).
    /// </summary>
    private async Task ResolveByIdAsync(string workspaceId, IReadOnlyList<SendDraft> drafts, string?[] named, (string, string)?[] recipients,
        AcceptOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        var ids = drafts.Where(d => d.PersonId is not null).Select(d => d.PersonId!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return;
        var types = drafts.Where(d => d.PersonId is not null).SelectMany(d => SendChannels.IdentityTypes(d.Channel)).Distinct(StringComparer.Ordinal).ToList();
        var rows = await (
            from p in db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))
            from i in db.Identities.AsNoTracking().Where(i => i.PersonId == p.Id && types.Contains(i.Type)).DefaultIfEmpty()
            select new
            {
                p.Id, p.MergedIntoId, p.ErasedAt,
                Identity = i == null ? null : new AddressRow(i.Type, i.Value, i.IsPrimary, i.Verified, i.CreatedAt),
            }).ToListAsync(cancellationToken);
        var persons = rows.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var identities = rows.Where(r => r.Identity is not null).ToLookup(r => r.Id, r => r.Identity!, StringComparer.Ordinal);
        var survivors = new Dictionary<(string, string), (string? Id, string? Address)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            if (draft.PersonId is not { } personId) continue;
            var channelTypes = SendChannels.IdentityTypes(draft.Channel);
            (string? Id, string? Address) recipient = (null, null);
            if (persons.TryGetValue(personId, out var person) && person.MergedIntoId is null)
            {
                var own = identities[person.Id].Where(r => channelTypes.Contains(r.Type)).ToList();
                recipient = (person.ErasedAt is null ? person.Id : null, own.Count > 0 ? Preferred(own, channelTypes) : null);
            }
            else if (person is not null && !survivors.TryGetValue((personId, draft.Channel), out recipient))
            {
                // A merged id is followed to its survivor one by one; merges are rare.
                var survivor = await SurvivorAsync(personId, cancellationToken);
                recipient = (survivor, survivor is null ? null : (await AddressesOfAsync([survivor], draft.Channel, cancellationToken)).GetValueOrDefault(survivor));
                survivors[(personId, draft.Channel)] = recipient;
            }
            if (recipient.Id is not null && named[i] is { } address) recipient.Address = address;
            if (recipient.Id is null) outcomes[i] = new AcceptOutcome.PersonNotFound();
            else if (recipient.Address is null) outcomes[i] = NoAddress(draft.Channel);
            else recipients[i] = (recipient.Id, recipient.Address);
        }
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
    private static AcceptOutcome Decide(Send send, SendDraft draft, GateDecision verdict, DateTimeOffset now)
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
            return new AcceptOutcome.Accepted(send);
        }

        GateDecisionLog.Append(send, verdict);
        if (send.ScheduledFor > now) send.Status = SendStatuses.Deferred;
        return new AcceptOutcome.Accepted(send);
    }

    /// <summary>Adds an accepted send, its first timeline entry and (when due now) its outbox entry to this context.</summary>
    private void Track(AcceptOutcome outcome, DateTimeOffset now)
    {
        if (outcome is not AcceptOutcome.Accepted { Send: var send }) return;
        db.Sends.Add(send);
        var (type, source) = AcceptedSendRows.Journal(send);
        SendJournal.Add(db, send, type, source, now, send.ErrorCode, send.Error);
        if (send.Status == SendStatuses.Queued) SendQueue.Enqueue(outbox, send);
    }

    /// <summary>The codes CONTRACT.md §5 names for a 422: every consent refusal is <c>consent_required</c>.</summary>
    public static string ApiCode(string gateCode) => gateCode switch
    {
        "consent_revoked" or "consent_expired" or "no_consent" => "consent_required",
        _ => gateCode,
    };

    /// <summary>The person a merged id now names (following chains), null when it is gone or erased.</summary>
    private async Task<string?> SurvivorAsync(string personId, CancellationToken cancellationToken)
    {
        var person = await findPerson.HandleAsync(personId, cancellationToken);
        if (person?.MergedIntoId is { } target) person = await findPerson.HandleAsync(target, cancellationToken);
        return person is null || person.ErasedAt is not null ? null : person.Id;
    }

    /// <summary>The address as identities store it (the channel's own identity type's rules); as given, trimmed, when it does not normalize.</summary>
    private static string NormalizedAddress(SendDraft draft, WorkspacePolicy policy)
    {
        var type = SendChannels.IdentityTypes(draft.Channel)[^1];
        var raw = draft.Address!;
        return IdentityNormalizer.TryNormalize(type, raw, new NormalizationOptions(policy.DefaultRegion, policy.FoldEmailSubaddress), out var normalized, out _)
            ? normalized.Value
            : raw.Trim();
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
