using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Snippets;

namespace LoopDrive.Core.Tests.Voice;

public sealed class SnippetStatisticsTests
{
    [Fact]
    public void A_new_snippet_has_mean_one_half_and_the_uniform_interval()
    {
        var posterior = BetaPosterior.For(0, 0);
        var (low, high) = posterior.Interval90;

        Assert.Equal(0.5, posterior.Mean);
        Assert.Equal(0.05, low, 6);
        Assert.Equal(0.95, high, 6);
    }

    [Fact]
    public void The_posterior_mean_and_interval_follow_the_counts()
    {
        var posterior = BetaPosterior.For(impressions: 10, conversions: 3);
        var (low, high) = posterior.Interval90;

        Assert.Equal(4.0 / 12, posterior.Mean, 12);
        // Beta(4, 8): the 5 % and 95 % quantiles (numerical integration of the density gives 0.13508 and 0.56437).
        Assert.Equal(0.1351, low, 3);
        Assert.Equal(0.5644, high, 3);
        Assert.Equal(0.05, posterior.Cdf(low), 9);
        Assert.True(high - low > BetaPosterior.For(1000, 300).Interval90.High - BetaPosterior.For(1000, 300).Interval90.Low);
    }

    [Fact]
    public void Beta_samples_average_to_the_mean()
    {
        var posterior = BetaPosterior.For(20, 5);
        var random = new Random(42);

        var mean = Enumerable.Range(0, 20_000).Average(_ => posterior.Sample(random));

        Assert.Equal(posterior.Mean, mean, 2);
    }

    [Fact]
    public void Thompson_sampling_is_reproducible_for_a_seed_and_favours_the_proven_snippet()
    {
        var strong = Snippet("snip_a", impressions: 200, conversions: 160);
        var weak = Snippet("snip_b", impressions: 200, conversions: 10);
        var fresh = Snippet("snip_c", impressions: 0, conversions: 0);
        Snippet[] candidates = [weak, fresh, strong];

        var first = Enumerable.Range(0, 50).Select(i => ThompsonSelector.Pick(candidates, new Random(i))!.Id).ToList();
        var again = Enumerable.Range(0, 50).Select(i => ThompsonSelector.Pick([.. candidates.Reverse()], new Random(i))!.Id).ToList();
        var random = new Random(7);
        var picks = Enumerable.Range(0, 2_000).Select(_ => ThompsonSelector.Pick(candidates, random)!.Id).ToList();

        Assert.Equal(first, again);
        Assert.True(picks.Count(p => p == "snip_a") > 1_000);
        Assert.True(picks.Count(p => p == "snip_c") > 0, "a new snippet must still be explored");
        Assert.True(picks.Count(p => p == "snip_b") < picks.Count(p => p == "snip_c"));
        Assert.Null(ThompsonSelector.Pick([], new Random(1)));
    }

    private static Snippet Snippet(string id, int impressions, int conversions) => new()
    {
        Id = id, WorkspaceId = "ws", BrandId = "brand", Channel = "email", Objective = "nurture", Text = id, Usage = "subject",
        Impressions = impressions, Conversions = conversions,
    };
}
