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
        var (person, address) = await FindRecipientAsync(workspaceId, draft, cancellationToken);
        if (person is null) return new AcceptOutcome.PersonNotFound();
        address ??= await AddressOfAsync(person.Id, draft.Channel, cancellationToken);
        if (address is null)
            return new AcceptOutcome.Refused("no_address", $"The person has no {string.Join(" or ", SendChannels.IdentityTypes(draft.Channel))} to send to.");

        var now = clock.GetUtcNow();
        var scheduled = draft.ScheduleFor is { } at && at > now ? at : now;
        var send = new Send
        {
            Id = Ids.New(IdPrefix, clock),
            WorkspaceId = workspaceId,
            PersonId = person.Id,
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
            ScheduledFor = scheduled,
            ScheduledByCaller = draft.ScheduleFor is not null,
            QueuedAt = now,
            UpdatedAt = now,
            Segments = draft.Channel == SendChannels.Sms && draft.Body is { } body ? Voice.Guardrails.SmsSegmenter.BilledParts(body) : 1,
        };

        var verdict = await gate.EvaluateAsync(send, SendGate.StageAccept, cancellationToken);
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
        if (scheduled > now) send.Status = SendStatuses.Deferred;
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

    private async Task<string?> AddressOfAsync(string personId, string channel, CancellationToken cancellationToken)
    {
        var types = SendChannels.IdentityTypes(channel);
        var rows = await db.Identities.AsNoTracking()
            .Where(i => i.PersonId == personId && types.Contains(i.Type))
            .Select(i => new { i.Type, i.Value, i.IsPrimary, i.Verified, i.CreatedAt })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => Array.IndexOf(types, r.Type)).ThenByDescending(r => r.IsPrimary)
            .ThenByDescending(r => r.Verified).ThenBy(r => r.CreatedAt).Select(r => r.Value).FirstOrDefault();
    }
}
