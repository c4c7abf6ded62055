using LoopDrive.Infrastructure.Ai;

namespace LoopDrive.FunctionalTests.Events;

public sealed class Int8WeightGraphTests
{
    [Fact]
    public void Each_column_gets_its_own_scale_and_every_weight_comes_back_within_half_a_step()
    {
        // Two rows, three columns: the columns' largest magnitudes are 2.54, 0.127 and 0 (an all-zero column).
        float[] weights = [2.54f, -0.05f, 0f, -1.27f, 0.127f, 0f];

        var (q, scales) = Int8WeightGraph.Quantize(weights, rows: 2, columns: 3);

        Assert.Equal([0.02f, 0.001f, 1f], scales.Select(s => MathF.Round(s, 6)));
        Assert.Equal([127, -50, 0, -64, 127, 0], q.Select(v => (int)v));
        for (var i = 0; i < weights.Length; i++)
            Assert.True(MathF.Abs(q[i] * scales[i % 3] - weights[i]) <= scales[i % 3] / 2 + 1e-6f, $"weight {i}");
    }
}
