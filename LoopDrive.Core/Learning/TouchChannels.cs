using LoopDrive.Contracts.Sends;
using LoopDrive.Core.People;
using LoopDrive.Core.Sends;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Which channel the next touch of an objective uses: one the person may be contacted on for
/// marketing (the same rule as <see cref="ConsentPolicy"/>), has an address on, and — when the
/// workspace runs an allocation — whose envelope can still pay for a send; then only those whose
/// messaging window lets the touch through when it goes (<see cref="MessagingWindow"/>, the gate's
/// own rule); among those the budget bandit's draw (learned engagement per cent) decides.
/// </summary>
public static class TouchChannels
{
    /// <param name="envelopes">Channel → balance of executing allocations' envelopes; null when none is executing.</param>
    public static IReadOnlyList<string> Eligible(IReadOnlyCollection<Consent> consents, IReadOnlyCollection<string> identityTypes,
        IReadOnlyDictionary<string, long>? envelopes, IReadOnlyDictionary<string, long> priceCents, bool requireEnvelope, DateTimeOffset now)
    {
        var eligible = new List<string>();
        foreach (var channel in SendEnums.BulkChannels)
        {
            var applicable = SendChannels.IsDm(channel) ? new[] { channel, "dm" } : [channel];
            var mine = consents.Where(c => applicable.Contains(c.Channel)).ToList();
            if (mine.Count == 0 || !ConsentPolicy.Decide(mine, ContactPurposes.Marketing, now).Allowed) continue;
            if (!SendChannels.IdentityTypes(channel).Any(identityTypes.Contains)) continue;
            var price = priceCents.GetValueOrDefault(channel);
            if (envelopes is not null && price > 0)
            {
                if (envelopes.GetValueOrDefault(channel) < price) continue;
            }
            else if (envelopes is null && requireEnvelope && price > 0) continue;
            eligible.Add(channel);
        }
        return eligible;
    }

    /// <summary>
    /// The channels whose messaging window is open at <paramref name="at"/>, when the touch goes: a
    /// channel without a window always is; WhatsApp outside its 24 hours only with a template; never
    /// Instagram's human-agent extension, since a scheduled touch is not a person's own answer.
    /// </summary>
    public static IReadOnlyList<string> Open(IReadOnlyList<string> eligible, Func<string, DateTimeOffset?> lastInbound, DmTemplate? whatsAppTemplate,
        DateTimeOffset at) =>
        [.. eligible.Where(c => MessagingWindow.Judge(new MessagingWindowFacts(c, lastInbound(c), c == "whatsapp" ? whatsAppTemplate : null, false), at).Mode
                                != WindowMode.Closed)];

    /// <summary>Thompson draw per eligible channel divided by its price (at least a cent, so a free channel is not infinitely good).</summary>
    public static string Pick(IReadOnlyList<string> eligible, IReadOnlyDictionary<string, ArmPosterior> learned, IReadOnlyDictionary<string, long> priceCents,
        Random random)
    {
        if (eligible.Count == 1) return eligible[0];
        var arms = eligible.Select(c => learned.GetValueOrDefault(c, ArmPosterior.Empty)).ToList();
        var costs = eligible.Select(c => (double)Math.Max(1, priceCents.GetValueOrDefault(c))).ToList();
        return eligible[ChannelBandit.Pick(arms, costs, random)];
    }
}
