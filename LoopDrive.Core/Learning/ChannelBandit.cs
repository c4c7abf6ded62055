namespace LoopDrive.Core.Learning;

/// <summary>
/// The budget bandit's choice: each channel's engagement posterior is drawn once and divided by
/// what a send there costs; the channel with the most engagement per cent wins the next send.
/// <see cref="Shares"/> repeats the draw to split a budget by how often each channel wins
/// (probability matching), so an uncertain channel keeps a little budget until the data is in.
/// </summary>
public static class ChannelBandit
{
    public static int Pick(IReadOnlyList<ArmPosterior> channels, IReadOnlyList<double> costCents, Random random)
    {
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < channels.Count; i++)
        {
            var value = channels[i].Beta.Sample(random) / Math.Max(costCents[i], 1e-9);
            if (value > bestValue)
            {
                bestValue = value;
                best = i;
            }
        }
        return best;
    }

    public static double[] Shares(IReadOnlyList<ArmPosterior> channels, IReadOnlyList<double> costCents, Random random, int draws = 1000)
    {
        var wins = new double[channels.Count];
        for (var d = 0; d < draws; d++) wins[Pick(channels, costCents, random)]++;
        for (var i = 0; i < wins.Length; i++) wins[i] /= draws;
        return wins;
    }
}
