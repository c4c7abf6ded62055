using LoopDrive.Core.Budget;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoopDrive.Core.Sends;

/// <summary>What the gate knows about one send at one moment; gathered by <see cref="SendGate"/>, judged by <see cref="SendGate.Decide"/>.</summary>
public sealed record GateFacts(
    string Stage,
    string Purpose,
    ContactDecision Consent,
    string? SuppressionReason,
    IReadOnlyList<DateTimeOffset> SentInLastDay,
    TimeZoneInfo RecipientZone,
    DateTimeOffset Now,
    MessagingWindowFacts? Window = null);

/// <summary>
/// The one gate for every channel, asked at acceptance, at compose and again right before the
/// provider call. Refusals that cannot change (consent, suppression) skip the send; conditions
/// that pass with time (quiet hours, the frequency cap) defer it to the instant they end; the
/// budget is charged only at dispatch, once per send (the send id is the ledger transfer id).
/// </summary>
public sealed class SendGate(
    LoopDriveDbContext db,
    ConsentPolicy consent,
    WorkspacePolicies workspaces,
    SpendFromEnvelope spend,
    IOptions<SendOptions> options,
    TimeProvider clock)
{
    public const string StageAccept = "accept";
    public const string StageCompose = "compose";
    public const string StageDispatch = "dispatch";

    public async Task<GateDecision> EvaluateAsync(Send send, string stage, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var facts = await GatherAsync(send, stage, now, cancellationToken);
        var decision = Decide(facts, options.Value);
        if (!decision.Allowed) return decision;
        if (stage == StageAccept) return await FundsAsync(send, now, cancellationToken) ?? decision;
        if (stage != StageDispatch) return decision;
        return await ChargeAsync(send, now, cancellationToken) ?? decision;
    }

    public static GateDecision Decide(GateFacts facts, SendOptions options)
    {
        var decision = DecideRules(facts, options);
        if (facts.Window is not { } window || decision.Outcome is GateDecision.Skip or GateDecision.Fail) return decision;
        // The platform's window is judged after consent and suppression (their reasons win) and
        // holds for every purpose: Meta refuses a free-form message outside it whatever it says.
        var (mode, detail) = MessagingWindow.Judge(window, facts.Now);
        return mode switch
        {
            WindowMode.Closed => new(facts.Stage, GateDecision.Skip, MessagingWindow.OutsideCode, detail, facts.Now),
            WindowMode.Template when decision.Allowed => decision with { Code = MessagingWindow.TemplateCode, Detail = detail },
            WindowMode.HumanAgentTag when decision.Allowed => decision with { Code = MessagingWindow.HumanAgentCode, Detail = detail },
            _ => decision,
        };
    }

    private static GateDecision DecideRules(GateFacts facts, SendOptions options)
    {
        var now = facts.Now;
        if (!facts.Consent.Allowed)
            return new(facts.Stage, GateDecision.Skip, facts.Consent.Reason, facts.Consent.Detail, now);
        if (facts.SuppressionReason is { } suppressed)
            return new(facts.Stage, GateDecision.Skip, "suppressed", $"The address is suppressed on this channel ({suppressed}).", now);
        if (facts.Purpose != ContactPurposes.Marketing)
            return new(facts.Stage, GateDecision.Allow, "allowed", "Transactional: consent and suppression only.", now);

        if (options.FrequencyCapPerDay > 0 && facts.SentInLastDay.Count >= options.FrequencyCapPerDay)
        {
            // The cap frees a slot when the oldest counted message leaves the 24-hour window.
            var oldest = facts.SentInLastDay.OrderByDescending(t => t).ElementAt(options.FrequencyCapPerDay - 1);
            var until = oldest.AddDays(1);
            return new(facts.Stage, GateDecision.Defer, "frequency_cap",
                $"{facts.SentInLastDay.Count} messages in the last 24 hours on this channel (cap {options.FrequencyCapPerDay}).", now, until);
        }

        if (QuietHours.NextOpening(now, facts.RecipientZone, options.WindowOpensHour, options.WindowClosesHour) is { } opening)
            return new(facts.Stage, GateDecision.Defer, "quiet_hours",
                $"Outside {options.WindowOpensHour:00}:00–{options.WindowClosesHour:00}:00 in {facts.RecipientZone.Id}.", now, opening);

        return new(facts.Stage, GateDecision.Allow, "allowed", "Consent, suppression, cap and quiet hours passed.", now);
    }

    private async Task<GateFacts> GatherAsync(Send send, string stage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var decision = send.Purpose == SendPurposes.Confirmation
            ? ContactDecision.Allow("The reply to an opt-out or help request.")
            : await consent.CanContactAsync(send.PersonId, send.Channel, send.Purpose, now, cancellationToken);
        string? suppression = null;
        if (decision.Allowed && send.Recipient is { } address)
        {
            suppression = await db.Suppressions.AsNoTracking()
                .Where(s => s.Channel == send.Channel && s.Address == address)
                .Select(s => s.Reason).FirstOrDefaultAsync(cancellationToken);
        }

        IReadOnlyList<DateTimeOffset> recent = [];
        TimeZoneInfo zone = TimeZoneInfo.Utc;
        if (decision.Allowed && suppression is null && send.Purpose == ContactPurposes.Marketing)
        {
            var since = now.AddDays(-1);
            recent = await db.Sends.AsNoTracking()
                .Where(s => s.PersonId == send.PersonId && s.Channel == send.Channel && s.Id != send.Id
                            && s.SentAt != null && s.SentAt > since)
                .Select(s => s.SentAt!.Value).ToListAsync(cancellationToken);
            var personZone = await db.Persons.AsNoTracking().Where(p => p.Id == send.PersonId)
                .Select(p => p.Timezone).FirstOrDefaultAsync(cancellationToken);
            var workspace = await workspaces.GetAsync(send.WorkspaceId, cancellationToken);
            var phone = send.Channel is SendChannels.Sms or "whatsapp" ? send.Recipient : null;
            zone = RecipientTimeZones.Resolve(personZone, phone, workspace.Timezone);
        }
        MessagingWindowFacts? window = null;
        // Not at acceptance: a send scheduled for later is judged by the window when it goes.
        if (decision.Allowed && suppression is null && stage != StageAccept && MessagingWindow.Applies(send.Channel))
        {
            var lastInbound = await db.Events.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.PersonId == send.PersonId && e.WorkspaceId == send.WorkspaceId && e.Channel == send.Channel
                            && MessagingWindow.InboundTypes.Contains(e.Type))
                .OrderByDescending(e => e.Ts).Select(e => (DateTimeOffset?)e.Ts).FirstOrDefaultAsync(cancellationToken);
            var (template, humanAgent) = MessagingWindow.ReadMetadata(send.Metadata);
            window = new MessagingWindowFacts(send.Channel, lastInbound, template, humanAgent);
        }
        return new GateFacts(stage, send.Purpose, decision, suppression, recent, zone, now, window);
    }

    /// <summary>
    /// At acceptance, only a look: can an executing allocation's envelope for the channel pay the
    /// price? The same rule as the charge at dispatch (no envelope at all passes unless
    /// <see cref="SendOptions.RequireEnvelope"/>), so the caller hears 422 now instead of a failed send later.
    /// </summary>
    private async Task<GateDecision?> FundsAsync(Send send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var price = o.PriceCents.GetValueOrDefault(send.Channel) * Math.Max(1, send.Segments);
        if (price <= 0 || send.Purpose != ContactPurposes.Marketing) return null;
        var executing = db.BudgetAllocations.IgnoreQueryFilters()
            .Where(a => a.WorkspaceId == send.WorkspaceId && a.Status == AllocationStatuses.Executing).Select(a => a.Id);
        var balances = await db.BudgetAccounts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.WorkspaceId == send.WorkspaceId && a.Kind == LedgerAccountKinds.Envelope && a.Channel == send.Channel
                        && a.AllocationId != null && executing.Contains(a.AllocationId))
            .Select(a => a.Balance).ToListAsync(cancellationToken);
        if (balances.Count == 0 && !o.RequireEnvelope) return null;
        if (balances.Any(b => b >= price)) return null;
        return new(StageAccept, GateDecision.Fail, "insufficient_funds",
            $"No {send.Channel} envelope of an executing allocation holds the {price} cents this send costs.", now);
    }

    /// <returns>Null when the send may go (charged, free, or unfunded where that is allowed); otherwise the refusal.</returns>
    private async Task<GateDecision?> ChargeAsync(Send send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var unit = o.PriceCents.GetValueOrDefault(send.Channel);
        var price = unit * Math.Max(1, send.Segments);
        send.PriceCents = price;
        if (price <= 0 || send.Purpose != ContactPurposes.Marketing) return null;
        var outcome = await spend.HandleAsync(send.WorkspaceId, send.Channel, price, transferId: send.Id,
            referenceId: send.Id, category: "send", cancellationToken: cancellationToken);
        if (outcome.Charged) return null;
        if (outcome.Status == TransferStatus.UnknownAccount && !o.RequireEnvelope)
        {
            send.PriceCents = 0;
            return null;
        }
        return new(StageDispatch, GateDecision.Fail, "insufficient_funds",
            $"The {send.Channel} envelope cannot pay {price} cents ({outcome.Status}).", now);
    }
}
