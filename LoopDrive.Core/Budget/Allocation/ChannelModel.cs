namespace LoopDrive.Core.Budget.Allocation;

/// <summary>
/// One channel's posterior and response curve. Impressions saturate at the reachable audience
/// times a frequency cap: impressions(b) = Cap·(1 − e^(−k·b)) with k = ipc / Cap, so every further
/// cent buys less (diminishing returns), and spend past ~3/k buys almost nothing.
/// </summary>
internal sealed class ChannelModel
{
    public required string Channel { get; init; }
    public required long Reachable { get; init; }
    /// <summary>Impressions per cent.</summary>
    public required double Ipc { get; init; }
    public required double Ctr { get; init; }
    public required double Cvr { get; init; }
    public required double ValuePerConversion { get; init; }
    /// <summary>Log-scale spread of the value per impression (posterior uncertainty).</summary>
    public required double Sigma { get; init; }
    public required double ConversionSigma { get; init; }
    public required double HistoryConversions { get; init; }
    public required long HistorySpend { get; init; }
    public required long HistoryRevenue { get; init; }
    public required double Cap { get; init; }

    public double K => Cap <= 0 ? double.PositiveInfinity : Ipc / Cap;
    public double RevenuePerImpression => Ctr * Cvr * ValuePerConversion;

    /// <summary>Objective score per impression (set once the objectives are known).</summary>
    public double Score { get; set; }
    public string Objective { get; set; } = "nurture";
    public long Min { get; set; }
    public long Max { get; set; }

    public double Impressions(double cents) => Cap <= 0 || cents <= 0 ? 0 : Cap * -double.ExpM1(-K * cents);

    /// <summary>Spend at which the curve is 95% saturated: what the consented audience can absorb.</summary>
    public long AudienceCapCents => Cap <= 0 ? 0 : (long)Math.Floor(Math.Log(20) / K);

    public double Roas(double cents) => cents <= 0 ? RevenuePerImpression * Ipc : RevenuePerImpression * Impressions(cents) / cents;

    public double Confidence => Math.Clamp(1 - Sigma, 0.05, 0.99);

    public static ChannelModel Create(string channel, ChannelPrior prior, ChannelOutcomes? history, long reachable, double frequencyCap)
    {
        var h = history ?? new ChannelOutcomes(0, 0, 0, 0, 0);
        var priorImpressions = ChannelPriors.PseudoClicks / prior.Ctr;
        var priorSpend = priorImpressions * prior.CpmCents / 1000;
        var ipc = (priorImpressions + h.Impressions) / (priorSpend + h.Spend);
        var ctr = (ChannelPriors.PseudoClicks + h.Clicks) / (priorImpressions + h.Impressions);
        var priorClicksForCvr = ChannelPriors.PseudoConversions / prior.Cvr;
        var cvr = (ChannelPriors.PseudoConversions + h.Conversions) / (priorClicksForCvr + h.Clicks);
        var value = (ChannelPriors.PseudoConversions * prior.ValueCents + h.Revenue) / (ChannelPriors.PseudoConversions + h.Conversions);
        // Relative variances of the three factors (≈ 1 / effective successes), combined on the log scale.
        var relCtr = 1 / (ChannelPriors.PseudoClicks + h.Clicks);
        var relCvr = 1 / (ChannelPriors.PseudoConversions + h.Conversions);
        var relValue = 0.5 / (ChannelPriors.PseudoConversions + h.Conversions);
        return new ChannelModel
        {
            Channel = channel,
            Reachable = reachable,
            Ipc = ipc,
            Ctr = Math.Clamp(ctr, 1e-6, 1),
            Cvr = Math.Clamp(cvr, 1e-6, 1),
            ValuePerConversion = value,
            Sigma = Math.Sqrt(Math.Log(1 + relCtr + relCvr + relValue)),
            ConversionSigma = Math.Sqrt(Math.Log(1 + relCtr + relCvr)),
            HistoryConversions = h.Conversions,
            HistorySpend = h.Spend,
            HistoryRevenue = h.Revenue,
            Cap = reachable * frequencyCap,
        };
    }
}
