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
public sealed partial class SendGate(
    LoopDriveDbContext db,
    ConsentPolicy consent,
    WorkspacePolicies workspaces,
    BudgetLedger ledger,
    IOptions<SendOptions> options,
    TimeProvider clock)
{
    public const string StageAccept = "accept";
    public const string StageCompose = "compose";
    public const string StageDispatch = "dispatch";

    public async Task<GateDecision> EvaluateAsync(Send send, string stage, CancellationToken cancellationToken) =>
        (await EvaluateManyAsync([send], stage, cancellationToken))[0];

    /// <summary>
    /// The gate for many sends at once, answered in order: the facts are read with one query per
    /// kind for the whole list, and at dispatch the charges go to the ledger as one batch. Sends
    /// earlier in the list count against the frequency cap of later ones to the same person and
    /// channel, as they would if judged one after another.
    /// </summary>
    public async Task<IReadOnlyList<GateDecision>> EvaluateManyAsync(IReadOnlyList<Send> sends, string stage, CancellationToken cancellationToken)
    {
        if (sends.Count == 0) return [];
        var now = clock.GetUtcNow();
        var facts = await GatherManyAsync(sends, stage, now, cancellationToken);
        var decisions = new GateDecision[sends.Count];
        var allowed = new List<int>(sends.Count);
        for (var i = 0; i < sends.Count; i++)
        {
            decisions[i] = Decide(facts[i], options.Value);
            if (!decisions[i].Allowed) continue;
            allowed.Add(i);
            // At dispatch an allowed send goes now: the next one to the same person and channel must see it.
            if (stage == StageDispatch && facts[i].Purpose == ContactPurposes.Marketing && facts[i].SentInLastDay is List<DateTimeOffset> recent)
                recent.Add(now);
        }
        if (allowed.Count == 0 || stage == StageCompose) return decisions;
        var refusals = stage == StageAccept
            ? await FundsAsync([.. allowed.Select(i => sends[i])], now, cancellationToken)
            : await ChargeAsync([.. allowed.Select(i => sends[i])], now, cancellationToken);
        for (var k = 0; k < allowed.Count; k++)
            if (refusals[k] is { } refused) decisions[allowed[k]] = refused;
        return decisions;
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
}
