using LoopDrive.Core.Learning;

namespace LoopDrive.Core.Tests.Learning;

public sealed class PosteriorTests
{
    [Fact]
    public void Beta_update_counts_wins_and_weighs_negatives_as_extra_failures()
    {
        var arm = ArmPosterior.Empty
            .Apply(SignalKind.Delivered, 0).Apply(SignalKind.Delivered, 0).Apply(SignalKind.Delivered, 0)
            .Apply(SignalKind.Positive, 1);

        Assert.Equal(new(2, 3), (arm.Beta.Alpha, arm.Beta.Beta));
        Assert.Equal(0.4, arm.Mean, 10);

        var punished = arm.Apply(SignalKind.Negative, -RewardMapping.NegativeWeight);
        Assert.Equal(3 + RewardMapping.NegativeWeight, punished.Beta.Beta);
        Assert.True(punished.Mean < arm.Mean);
    }

    [Fact]
    public void Updates_one_by_one_equal_the_summed_update()
    {
        var one = ArmPosterior.Empty;
        for (var i = 0; i < 10; i++) one = one.Apply(SignalKind.Delivered, 0).Apply(i % 3 == 0 ? SignalKind.Positive : SignalKind.None, 1);

        Assert.Equal(new ArmPosterior(10, 4, 0), one);
        Assert.Equal(one, new ArmPosterior(6, 2, 0).Add(new ArmPosterior(4, 2, 0)));
    }

    [Fact]
    public void Thompson_sampling_sends_most_traffic_to_the_better_arm_but_still_explores()
    {
        var random = new Random(7);
        ArmPosterior[] arms = [new(200, 20, 0), new(200, 60, 0), ArmPosterior.Empty];
        var picks = new int[3];
        for (var i = 0; i < 2000; i++) picks[ArmPosterior.Pick(arms, random)]++;

        Assert.True(picks[1] > picks[0] * 5, $"picks {string.Join(",", picks)}");
        Assert.True(picks[2] > 0, "an untried arm must still be explored");
    }

    [Fact]
    public void Normal_posterior_moves_toward_the_data_and_narrows()
    {
        var prior = NormalPosterior.Prior(0, 100);
        var posterior = prior.Update(sum: 50, count: 10, noiseVariance: 4);

        Assert.Equal(5 * 100 / (100 + 0.4), posterior.Mean, 6);
        Assert.True(posterior.Variance < 0.5);
        Assert.Equal(posterior, Enumerable.Repeat(5.0, 10).Aggregate(prior, (p, x) => p.Observe(x, 4)) with { }, new NormalComparer());
    }

    private sealed class NormalComparer : IEqualityComparer<NormalPosterior>
    {
        public bool Equals(NormalPosterior a, NormalPosterior b) => Math.Abs(a.Mean - b.Mean) < 1e-9 && Math.Abs(a.Variance - b.Variance) < 1e-9;
        public int GetHashCode(NormalPosterior p) => 0;
    }
}
