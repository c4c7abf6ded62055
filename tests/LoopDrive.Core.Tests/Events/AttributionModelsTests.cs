using LoopDrive.Core.Events;

namespace LoopDrive.Core.Tests.Events;

public sealed class AttributionModelsTests
{
    private static readonly DateTimeOffset Conversion = new(2026, 5, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Touches 9, 6, 3 and 0 days before the conversion.</summary>
    private static readonly DateTimeOffset[] Touches = [Conversion.AddDays(-9), Conversion.AddDays(-6), Conversion.AddDays(-3), Conversion];

    [Theory]
    [InlineData(AttributionModels.FirstTouch, new[] { 1.0, 0, 0, 0 })]
    [InlineData(AttributionModels.LastTouch, new[] { 0, 0, 0, 1.0 })]
    [InlineData(AttributionModels.Linear, new[] { 0.25, 0.25, 0.25, 0.25 })]
    [InlineData(AttributionModels.PositionBased, new[] { 0.4, 0.1, 0.1, 0.4 })]
    public void Each_model_matches_the_hand_computed_weights(string model, double[] expected)
    {
        var weights = AttributionModels.Weights(model, Touches, Conversion);

        Assert.Equal(expected.Length, weights.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], weights[i], 12);
    }

    [Fact]
    public void Time_decay_with_a_three_day_half_life_halves_per_three_days()
    {
        // Raw 1/8, 1/4, 1/2, 1 → sum 15/8 → 1/15, 2/15, 4/15, 8/15.
        var weights = AttributionModels.Weights(AttributionModels.TimeDecay, Touches, Conversion, TimeSpan.FromDays(3));

        Assert.Equal([1 / 15.0, 2 / 15.0, 4 / 15.0, 8 / 15.0], weights, new Tolerance());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Every_model_sums_to_one_for_any_number_of_touches(int count)
    {
        var touches = Enumerable.Range(0, count).Select(i => Conversion.AddHours(-10 * (count - i))).ToArray();
        foreach (var model in new[] { AttributionModels.FirstTouch, AttributionModels.LastTouch, AttributionModels.Linear, AttributionModels.TimeDecay, AttributionModels.PositionBased })
            Assert.Equal(1.0, AttributionModels.Weights(model, touches, Conversion).Sum(), 12);
    }

    [Fact]
    public void Time_decay_never_decreases_towards_the_conversion_even_when_old_touches_underflow()
    {
        var touches = new[] { Conversion.AddYears(-50), Conversion.AddDays(-20), Conversion.AddDays(-10), Conversion.AddDays(-1) };
        var weights = AttributionModels.Weights(AttributionModels.TimeDecay, touches, Conversion, TimeSpan.FromHours(1));

        Assert.True(weights.Zip(weights.Skip(1)).All(p => p.First <= p.Second));
        Assert.Equal(1.0, weights.Sum(), 12);
    }

    [Fact]
    public void Position_based_with_two_touches_splits_evenly()
    {
        Assert.Equal([0.5, 0.5], AttributionModels.Weights(AttributionModels.PositionBased, Touches[..2], Conversion));
    }

    [Fact]
    public void No_touch_means_no_weights()
    {
        Assert.Empty(AttributionModels.Weights(AttributionModels.Linear, [], Conversion));
    }

    [Theory]
    [InlineData(100, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }, new long[] { 34, 33, 33 })]
    [InlineData(10_001, new[] { 0.4, 0.1, 0.1, 0.4 }, new long[] { 4001, 1000, 1000, 4000 })]
    [InlineData(0, new[] { 0.5, 0.5 }, new long[] { 0, 0 })]
    public void Revenue_is_split_into_whole_cents_that_add_up(long total, double[] weights, long[] expected)
    {
        var shares = AttributionModels.SplitCents(total, weights);

        Assert.Equal(expected, shares);
        Assert.Equal(total, shares.Sum());
    }

    [Fact]
    public void An_unknown_model_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AttributionModels.Weights("u_shaped", Touches, Conversion));
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
