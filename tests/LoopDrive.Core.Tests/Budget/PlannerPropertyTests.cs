using CsCheck;
using LoopDrive.Core.Budget.Allocation;

namespace LoopDrive.Core.Tests.Budget;

/// <summary>On random requests, every strategy either refuses with a named constraint or returns a plan that honours all of them.</summary>
public sealed class PlannerPropertyTests
{
    private static readonly string[] Channels = [.. ChannelPriors.All.Keys];
    private static readonly string[] Strategies = ["bandit", "optimizer", "proportional", "equal"];
    private static readonly string[] Metrics = ["leads", "conversions", "roas", "engagement", "reach"];

    private static readonly Gen<string[]> Subset = Gen.Int[0, (1 << 11) - 1].Select(mask => Channels.Where((_, i) => (mask & (1 << i)) != 0).ToArray());

    private static readonly Gen<PlanInput> Inputs =
        from total in Gen.Long[1, 5_000_000]
        from strategy in Gen.OneOf(Strategies)
        from period in Gen.OneOf("daily", "weekly", "monthly", "campaign")
        from min in Gen.Long[0, 50_000].Nullable()
        from max in Gen.Long[1, 3_000_000].Nullable()
        from limitChannels in Subset
        from limit in Gen.Long[0, 1_000_000]
        from minRoas in Gen.Double[0.1, 6].Nullable()
        from black in Subset
        from white in Subset.Null()
        from test in Gen.Double[0, 100]
        from reachable in Gen.Long[0, 50_000].Array[11]
        from history in Gen.Select(Gen.Long[0, 500_000], Gen.Double[0, 0.05], Gen.Double[0, 0.1], Gen.Long[1_000, 20_000],
            (spend, ctr, cvr, value) => (Spend: spend, Ctr: ctr, Cvr: cvr, Value: value)).Array[11]
        from metric in Gen.OneOf(Metrics)
        from priority in Gen.Int[1, 10]
        select new PlanInput(
            strategy,
            [new PlanObjective("nurture", priority, metric, null, null), new PlanObjective("upsell", 11 - priority, "roas", null, 0.5)],
            new PlanConstraints(total, period, min, max is { } m && min is { } n && m < n ? n : max,
                limitChannels.ToDictionary(c => c, _ => limit), minRoas, black, white, test),
            Channels.Select((c, i) => (c, h: history[i])).Where(x => x.h.Spend > 0).ToDictionary(x => x.c, x =>
            {
                var impressions = x.h.Spend * 2;
                var clicks = (long)(impressions * x.h.Ctr);
                var conversions = Math.Floor(clicks * x.h.Cvr);
                return new ChannelOutcomes(x.h.Spend, impressions, clicks, conversions, (long)(conversions * x.h.Value));
            }),
            Channels.Select((c, i) => (c, r: reachable[i])).ToDictionary(x => x.c, x => x.r),
            Samples: 300,
            Seed: 7);

    [Fact]
    public void Every_strategy_honours_every_constraint_or_names_the_one_it_cannot_meet()
    {
        Inputs.Sample(input =>
        {
            var result = BudgetPlanner.Plan(input);
            if (result.Refusal is { } refusal)
            {
                Assert.Contains(refusal.Constraint, new[] { "whitelistChannels", "channels", "minBudgetPerChannel", "totalBudget" });
                Assert.False(string.IsNullOrWhiteSpace(refusal.Reason));
                return;
            }
            AssertHonoured(input, result.Plan!);

            // The manual strategy accepts a split that honours the bounds and reproduces it exactly.
            var split = result.Plan!.Channels.ToDictionary(p => p.Channel, p => p.Budget);
            var manual = BudgetPlanner.Plan(input with { Strategy = "manual", ManualSplit = split });
            Assert.Null(manual.Refusal);
            Assert.Equal(split, manual.Plan!.Channels.ToDictionary(p => p.Channel, p => p.Budget));
        }, iter: 400);
    }

    private static void AssertHonoured(PlanInput input, PlanOutcome plan)
    {
        var c = input.Constraints;
        Assert.Equal(c.TotalBudget, plan.Channels.Sum(p => p.Budget));
        Assert.Equal(c.TotalBudget, plan.TotalBudget);
        foreach (var p in plan.Channels)
        {
            Assert.True(p.Budget > 0);
            Assert.DoesNotContain(p.Channel, c.Blacklist);
            if (c.Whitelist is { Count: > 0 }) Assert.Contains(p.Channel, c.Whitelist);
            Assert.True(input.Reachable[p.Channel] > 0, $"{p.Channel} has no reachable audience but got budget");
            if (c.MinPerChannel is { } min) Assert.True(p.Budget >= min, $"{p.Channel} {p.Budget} < min {min}");
            if (c.MaxPerChannel is { } max) Assert.True(p.Budget <= max, $"{p.Channel} {p.Budget} > max {max}");
            if (c.ChannelLimits.TryGetValue(p.Channel, out var limit)) Assert.True(p.Budget <= limit, $"{p.Channel} over its limit");
            if (c.MinRoas is { } roas) Assert.True(p.Roas >= roas * 0.999, $"{p.Channel} ROAS {p.Roas} < {roas}");
            var (lo, hi) = plan.Bounds[p.Channel];
            Assert.InRange(p.Budget, lo, hi);
            Assert.True(p.Reach <= input.Reachable[p.Channel] + 1e-6);
        }
        // Eligible channels that got nothing must have had a floor of zero.
        foreach (var (channel, (lo, _)) in plan.Bounds)
            if (plan.Channels.All(p => p.Channel != channel)) Assert.Equal(0, lo);
        Assert.InRange(plan.Confidence, 0, 1);
        Assert.True(plan.RevenueInterval.Low <= plan.RevenueInterval.High);
        Assert.False(string.IsNullOrWhiteSpace(plan.Reasoning));
    }

    [Fact]
    public void A_channel_with_no_consented_audience_gets_nothing_and_the_reason_says_so()
    {
        var input = Request("optimizer", reachable: Channels.ToDictionary(c => c, c => c == "sms" ? 0L : 10_000L));
        var plan = BudgetPlanner.Plan(input).Plan!;
        Assert.DoesNotContain(plan.Channels, p => p.Channel == "sms");
        Assert.Contains("sms: no consented, reachable audience", plan.Reasoning);
    }

    [Fact]
    public void A_budget_larger_than_every_channel_can_absorb_is_refused_naming_total_budget()
    {
        var result = BudgetPlanner.Plan(Request("bandit", total: 500_000_000, reachable: Channels.ToDictionary(c => c, _ => 100L)));
        Assert.Equal("totalBudget", result.Refusal!.Constraint);
    }

    [Fact]
    public void The_exploration_floor_reaches_every_untested_channel()
    {
        var input = Request("optimizer", total: 1_000_000) with { };
        input = input with { Constraints = input.Constraints with { TestBudgetPercent = 22 } };
        var plan = BudgetPlanner.Plan(input).Plan!;
        Assert.Equal(11, plan.Channels.Count);
        Assert.All(plan.Channels, p => Assert.True(p.Budget >= 1_000_000 * 22 / 100 / 11, $"{p.Channel} {p.Budget}"));
    }

    internal static PlanInput Request(string strategy, long total = 1_000_000, IReadOnlyDictionary<string, long>? reachable = null) => new(
        strategy,
        [new PlanObjective("upsell", 5, "roas", null, null)],
        new PlanConstraints(total, "monthly", null, null, new Dictionary<string, long>(), null, [], null, 0),
        new Dictionary<string, ChannelOutcomes>(),
        reachable ?? Channels.ToDictionary(c => c, _ => 20_000L),
        Samples: 2_000,
        Seed: 1);
}
