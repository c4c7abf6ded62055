using System.Globalization;
using System.Text;

namespace LoopDrive.Core.Budget.Allocation;

/// <summary>
/// Computes a plan from a validated request, channel history and reachable audiences. Pure and
/// deterministic for a given seed. Every strategy works inside the same per-channel bounds
/// (min, max, channel limit, audience cap, minROAS cap, exploration floor) and the same total,
/// so each honours every constraint by construction; when the bounds admit no plan the refusal
/// names the constraint that fails.
/// </summary>
public static class BudgetPlanner
{
    public sealed record Result(PlanOutcome? Plan, PlanRefusal? Refusal);

    private static readonly string[] AllChannels = [.. ChannelPriors.All.Keys];

    public static Result Plan(PlanInput input)
    {
        var c = input.Constraints;
        var notes = new List<string>();
        var candidates = (c.Whitelist is { Count: > 0 } white ? AllChannels.Where(white.Contains) : AllChannels)
            .Where(ch => !c.Blacklist.Contains(ch)).ToList();
        if (candidates.Count == 0) return Refuse("whitelistChannels", "No channel is left after the white- and blacklists.");

        var frequency = ChannelPriors.FrequencyCap(c.Period);
        var models = candidates.Select(ch => ChannelModel.Create(ch, ChannelPriors.All[ch], input.History.GetValueOrDefault(ch),
            input.Reachable.GetValueOrDefault(ch), frequency)).ToList();
        ScoreObjectives(models, input.Objectives);

        var eligible = new List<ChannelModel>();
        foreach (var m in models)
        {
            var max = (double)m.AudienceCapCents;
            var why = "its consented audience";
            if (c.MaxPerChannel is { } maxPer && maxPer < max) (max, why) = (maxPer, "maxBudgetPerChannel");
            if (c.ChannelLimits.TryGetValue(m.Channel, out var limit) && limit < max) (max, why) = (limit, "channelLimits");
            if (c.MinRoas is { } minRoas)
            {
                var roasCap = RoasCap(m, minRoas, max);
                if (roasCap < max) (max, why) = (roasCap, "minROAS");
            }
            m.Max = (long)Math.Floor(max);
            m.Min = c.MinPerChannel ?? 0;
            if (m.Reachable == 0) notes.Add($"{m.Channel}: no consented, reachable audience — no budget");
            else if (m.Max < Math.Max(m.Min, 1)) notes.Add($"{m.Channel}: capped at {Money(m.Max)} by {why}, below the channel minimum — left out");
            else
            {
                eligible.Add(m);
                if (why != "its consented audience" || m.Max == m.AudienceCapCents) notes.Add($"{m.Channel}: at most {Money(m.Max)} ({why})");
            }
        }
        if (eligible.Count == 0)
            return Refuse("channels", "No channel can take budget: " + string.Join("; ", notes) + ".");

        var total = c.TotalBudget;
        var minSum = eligible.Sum(m => m.Min);
        if (minSum > total)
            return Refuse("minBudgetPerChannel",
                $"{eligible.Count} eligible channels × minimum {Money(c.MinPerChannel ?? 0)} = {Money(minSum)} exceeds totalBudget {Money(total)}.");
        var maxSum = eligible.Sum(m => m.Max);
        if (maxSum < total)
            return Refuse("totalBudget",
                $"totalBudget {Money(total)} exceeds what the eligible channels can absorb ({Money(maxSum)}): " + string.Join("; ", notes) + ".");

        ApplyExplorationFloor(eligible, c, notes);

        var n = eligible.Count;
        var min = eligible.Select(m => (double)m.Min).ToArray();
        var maxArr = eligible.Select(m => (double)m.Max).ToArray();
        var budgets = new double[n];
        var strategy = input.Strategy;
        switch (strategy)
        {
            case "optimizer":
                WaterFilling.Solve(LogGains(eligible), Ks(eligible), min, maxArr, total, budgets);
                break;
            case "bandit":
                Thompson(eligible, min, maxArr, total, input.Samples, input.Seed, budgets);
                break;
            case "proportional":
                WaterFilling.Proportional(eligible.Select(HistoricalRoas).ToArray(), min, maxArr, total, budgets);
                break;
            case "equal":
                WaterFilling.Proportional(Enumerable.Repeat(1.0, n).ToArray(), min, maxArr, total, budgets);
                break;
            case "manual":
                var split = input.ManualSplit ?? new Dictionary<string, long>();
                foreach (var (channel, amount) in split)
                {
                    var m = eligible.FirstOrDefault(e => e.Channel == channel);
                    if (amount == 0) continue;
                    if (m is null) return Refuse("manualSplit", $"{channel} cannot take budget in this plan ({Reason(notes, channel)}).");
                    if (amount < m.Min || amount > m.Max)
                        return Refuse("manualSplit", $"{channel}: {Money(amount)} is outside its allowed {Money(m.Min)}–{Money(m.Max)}.");
                }
                for (var i = 0; i < n; i++)
                {
                    budgets[i] = split.GetValueOrDefault(eligible[i].Channel);
                    if (budgets[i] < eligible[i].Min)
                        return Refuse("manualSplit", $"{eligible[i].Channel} needs at least {Money(eligible[i].Min)}.");
                }
                if (split.Values.Sum() != total)
                    return Refuse("manualSplit", $"The split sums to {Money(split.Values.Sum())}, not totalBudget {Money(total)}.");
                break;
            default:
                return Refuse("strategy", $"Unknown strategy {strategy}.");
        }

        var cents = WaterFilling.RoundToCents(budgets, min, maxArr, total);
        return new Result(Describe(strategy, eligible, cents, total, notes, input), null);
    }

    /// <summary>Thompson sampling: each draw samples every channel's value per impression from its posterior, solves the allocation optimal for that draw, and the plan is the average of the draws' optima.</summary>
    private static void Thompson(List<ChannelModel> eligible, double[] min, double[] max, double total, int samples, int seed, double[] result)
    {
        var n = eligible.Count;
        var baseGain = LogGains(eligible);
        var k = Ks(eligible);
        var sigma = eligible.Select(m => m.Sigma).ToArray();
        var drawn = new double[n];
        var solved = new double[n];
        var random = new Random(seed);
        samples = Math.Max(1, samples);
        var maxSigma = sigma.Max();
        double? spare = null;
        var mu = double.NaN;
        for (var s = 0; s < samples; s++)
        {
            for (var i = 0; i < n; i++)
            {
                double z;
                if (spare is { } kept) { z = kept; spare = null; }
                else { var (a, b) = GaussianPair(random); z = a; spare = b; }
                drawn[i] = baseGain[i] + sigma[i] * z - 0.5 * sigma[i] * sigma[i];
            }
            // Draws move each channel's log-gain by a few sigma at most, so the previous draw's
            // water level brackets this one's closely; the solver widens the bracket if it does not.
            mu = WaterFilling.SolveNear(drawn, k, min, max, total, solved, mu, 5 * maxSigma + 0.5);
            for (var i = 0; i < n; i++) result[i] += solved[i];
        }
        for (var i = 0; i < n; i++) result[i] /= samples;
    }

    private static double[] LogGains(List<ChannelModel> models) =>
        [.. models.Select(m => Math.Log(Math.Max(m.Score * m.Ipc, 1e-300)))];

    private static double[] Ks(List<ChannelModel> models) => [.. models.Select(m => m.K)];

    private static double HistoricalRoas(ChannelModel m) =>
        m.HistorySpend > 0 ? Math.Max((double)m.HistoryRevenue / m.HistorySpend, 1e-6) : Math.Max(m.Roas(0), 1e-6);

    /// <summary>Average ROAS falls with spend (concave curve through the origin): the largest spend that still meets the floor.</summary>
    private static double RoasCap(ChannelModel m, double minRoas, double upper)
    {
        if (m.Roas(0) < minRoas || upper <= 0) return 0;
        if (m.Roas(upper) >= minRoas) return upper;
        double lo = 0, hi = upper;
        for (var i = 0; i < 60; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (m.Roas(mid) >= minRoas) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The objectives become one score per impression: each target metric (reach, engagement,
    /// leads/conversions, revenue) is normalized across channels and weighted by the objective's
    /// weight × priority. A channel serves the objective that contributes most to its score.
    /// </summary>
    private static void ScoreObjectives(List<ChannelModel> models, IReadOnlyList<PlanObjective> objectives)
    {
        static double Metric(ChannelModel m, string metric) => metric switch
        {
            "reach" => 1,
            "engagement" => m.Ctr,
            "leads" or "conversions" => m.Ctr * m.Cvr,
            _ => m.RevenuePerImpression,
        };
        var weights = objectives.Select(o => (o.Weight ?? 1) * o.Priority).ToArray();
        var weightSum = weights.Sum();
        var maxima = objectives.Select(o => models.Max(m => Metric(m, o.TargetMetric))).ToArray();
        foreach (var m in models)
        {
            var best = -1.0;
            m.Score = 0;
            for (var j = 0; j < objectives.Count; j++)
            {
                var part = weights[j] / weightSum * Metric(m, objectives[j].TargetMetric) / Math.Max(maxima[j], 1e-300);
                m.Score += part;
                if (part > best) (best, m.Objective) = (part, objectives[j].Type);
            }
        }
    }

    /// <summary>testBudgetPercent of the total is a floor spread evenly over channels with little history.</summary>
    private static void ApplyExplorationFloor(List<ChannelModel> eligible, PlanConstraints c, List<string> notes)
    {
        if (c.TestBudgetPercent <= 0) return;
        var under = eligible.Where(m => m.HistoryConversions < 20).ToList();
        if (under.Count == 0) return;
        var pool = (long)Math.Floor(c.TotalBudget * c.TestBudgetPercent / 100);
        var each = pool / under.Count;
        var extras = under.Select(m => Math.Max(0, Math.Min(m.Max, Math.Max(m.Min, each)) - m.Min)).ToArray();
        var room = c.TotalBudget - eligible.Sum(m => m.Min);
        var extraSum = extras.Sum();
        var scale = extraSum > room ? (double)room / extraSum : 1;
        for (var i = 0; i < under.Count; i++) under[i].Min += (long)Math.Floor(extras[i] * scale);
        notes.Add($"exploration floor of {Money((long)(extraSum * scale))} over {string.Join(", ", under.Select(u => u.Channel))}");
    }

    private static PlanOutcome Describe(string strategy, List<ChannelModel> eligible, long[] cents, long total, List<string> notes, PlanInput input)
    {
        var channels = new List<ChannelPlan>();
        for (var i = 0; i < eligible.Count; i++)
        {
            var m = eligible[i];
            if (cents[i] <= 0) continue;
            var impressions = m.Impressions(cents[i]);
            var reach = m.Reachable * -double.ExpM1(-impressions / Math.Max(m.Reachable, 1));
            var clicks = impressions * m.Ctr;
            var conversions = clicks * m.Cvr;
            var revenue = conversions * m.ValuePerConversion;
            channels.Add(new ChannelPlan(m.Channel, m.Objective, cents[i], reach, impressions, clicks, conversions, revenue,
                revenue / cents[i], m.Confidence));
        }

        // Credible intervals: the same posteriors, sampled jointly over the chosen budgets.
        var draws = Math.Min(Math.Max(input.Samples, 200), 2_000);
        var random = new Random(input.Seed + 1);
        var conv = new double[draws];
        var rev = new double[draws];
        var chosen = eligible.Where((_, i) => cents[i] > 0).ToList();
        for (var s = 0; s < draws; s++)
        {
            for (var i = 0; i < chosen.Count; i++)
            {
                var p = channels[i];
                var z = Gaussian(random);
                conv[s] += p.Conversions * Math.Exp(chosen[i].ConversionSigma * z - 0.5 * chosen[i].ConversionSigma * chosen[i].ConversionSigma);
                rev[s] += p.Revenue * Math.Exp(chosen[i].Sigma * z - 0.5 * chosen[i].Sigma * chosen[i].Sigma);
            }
        }
        Array.Sort(conv);
        Array.Sort(rev);
        var totalRevenue = channels.Sum(p => p.Revenue);
        var lowRev = rev[(int)(0.05 * (draws - 1))];
        var highRev = rev[(int)(0.95 * (draws - 1))];
        var spread = totalRevenue <= 0 ? 1 : (highRev - lowRev) / (2 * 1.645 * totalRevenue);
        var risk = spread < 0.2 ? "low" : spread < 0.45 ? "medium" : "high";
        var confidence = channels.Count == 0 ? 0 : channels.Sum(p => p.Confidence * p.Budget) / channels.Sum(p => p.Budget);

        return new PlanOutcome(strategy, channels, total,
            channels.Sum(p => p.Reach), channels.Sum(p => p.Impressions), channels.Sum(p => p.Clicks), channels.Sum(p => p.Conversions),
            totalRevenue, total > 0 ? totalRevenue / total : 0, confidence, risk,
            (conv[(int)(0.05 * (draws - 1))], conv[(int)(0.95 * (draws - 1))]), (lowRev, highRev),
            Reasoning(strategy, channels, total, totalRevenue, notes, input),
            eligible.ToDictionary(m => m.Channel, m => (m.Min, m.Max)));
    }

    private static string Reasoning(string strategy, List<ChannelPlan> channels, long total, double revenue, List<string> notes, PlanInput input)
    {
        var text = new StringBuilder();
        text.Append(strategy switch
        {
            "bandit" => $"Thompson sampling over {input.Samples:N0} posterior draws per channel (conversion rate and value per conversion learned from attributed outcomes, priors where history is thin); the budget is the average of each draw's best split. ",
            "optimizer" => "Expected value maximized with diminishing returns: budget flows to the channel with the highest marginal value until marginal values are equal (water-filling). ",
            "proportional" => "Budget split in proportion to each channel's historical ROAS (prior ROAS where there is no history). ",
            "equal" => "Budget split equally across the eligible channels. ",
            _ => "Budget split as given, checked against every constraint. ",
        });
        var top = channels.OrderByDescending(p => p.Budget).Take(3)
            .Select(p => $"{p.Channel} {Money(p.Budget)} ({(double)p.Budget / total:P0}, ROAS {p.Roas.ToString("0.00", CultureInfo.InvariantCulture)})");
        text.Append("Largest shares: ").Append(string.Join(", ", top)).Append(". ");
        text.Append($"Predicted revenue {Money((long)revenue)} on {Money(total)}");
        text.Append(input.History.Count == 0 ? " (no history yet: priors only). " : ". ");
        if (notes.Count > 0) text.Append("Constraints: ").Append(string.Join("; ", notes)).Append('.');
        return text.ToString().Trim();
    }

    private static string Reason(List<string> notes, string channel) =>
        notes.FirstOrDefault(n => n.StartsWith(channel + ":", StringComparison.Ordinal)) ?? "not among the allowed channels";

    private static Result Refuse(string constraint, string reason) => new(null, new PlanRefusal(constraint, reason));

    internal static string Money(long cents) => "$" + (cents / 100.0).ToString("N2", CultureInfo.InvariantCulture);

    private static (double, double) GaussianPair(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2 * Math.PI * u2);
        return (r * cos, r * sin);
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; one of the pair is enough here.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
