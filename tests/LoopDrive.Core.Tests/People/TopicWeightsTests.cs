using LoopDrive.Core.People;

namespace LoopDrive.Core.Tests.People;

public sealed class TopicWeightsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Weight_halves_every_half_life_since_last_seen()
    {
        Assert.Equal(0.8, TopicWeights.Effective(0.8, Now, Now), 6);
        Assert.Equal(0.4, TopicWeights.Effective(0.8, Now - TopicWeights.HalfLife, Now), 6);
        Assert.Equal(0.2, TopicWeights.Effective(0.8, Now - 2 * TopicWeights.HalfLife, Now), 6);
    }

    [Fact]
    public void Combining_two_interests_is_at_least_the_stronger_and_at_most_one()
    {
        var combined = TopicWeights.Combine(0.6, 0.6);
        Assert.Equal(0.84, combined, 6);
        Assert.Equal(1.0, TopicWeights.Combine(1.0, 0.3), 6);
        Assert.Equal(0.3, TopicWeights.Combine(0.0, 0.3), 6);
    }
}
