using LoopDrive.Core.Learning;
using LoopDrive.Core.People;

namespace LoopDrive.Core.Tests.Learning;

public sealed class TopicLearningTests
{
    private static OutcomeSignal Signal(SignalKind kind) => new(kind, kind == SignalKind.Positive ? 1 : 0, "x");

    [Fact]
    public void Engaged_topics_rise_and_ignored_ones_decay()
    {
        var engaged = 0.3;
        var ignored = 0.3;
        for (var i = 0; i < 10; i++)
        {
            engaged = TopicLearning.Update(TopicLearning.Update(engaged, Signal(SignalKind.Delivered)), Signal(SignalKind.Positive));
            ignored = TopicLearning.Update(ignored, Signal(SignalKind.Delivered));
        }

        Assert.True(engaged > 0.8, $"engaged {engaged}");
        Assert.Equal(0.3 * Math.Pow(1 - TopicLearning.IgnoreRate, 10), ignored, 4);
        Assert.Equal(0.15, TopicLearning.Update(0.3, Signal(SignalKind.Negative)), 6);
        Assert.InRange(TopicLearning.Update(0.99, Signal(SignalKind.Positive)), 0.99, 1);
    }

    [Fact]
    public void Untouched_weights_fade_with_time()
    {
        var seen = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(0.4, TopicWeights.Effective(0.8, seen, seen + TopicWeights.HalfLife), 6);
    }
}
