namespace LoopDrive.Core.Budget.Allocation;

/// <summary>
/// What a channel is assumed to do before it has history: cost per thousand impressions (cents),
/// click-through, conversion per click and value per conversion (cents). Deliberately modest;
/// observed outcomes outweigh them after a few dozen conversions.
/// </summary>
public sealed record ChannelPrior(double CpmCents, double Ctr, double Cvr, double ValueCents);

public static class ChannelPriors
{
    /// <summary>Prior weight in pseudo-observations (clicks for the CTR/CVR priors, conversions for value).</summary>
    public const double PseudoClicks = 50;
    public const double PseudoConversions = 5;

    public static readonly IReadOnlyDictionary<string, ChannelPrior> All = new Dictionary<string, ChannelPrior>
    {
        ["email"] = new(100, 0.030, 0.030, 5_000),
        ["sms"] = new(800, 0.060, 0.040, 5_000),
        ["instagram"] = new(700, 0.012, 0.020, 6_000),
        ["facebook"] = new(900, 0.010, 0.025, 6_000),
        ["x"] = new(600, 0.008, 0.015, 5_000),
        ["reddit"] = new(500, 0.006, 0.015, 5_000),
        ["whatsapp"] = new(500, 0.050, 0.040, 5_000),
        ["tiktok"] = new(600, 0.010, 0.015, 4_500),
        ["youtube"] = new(1_000, 0.006, 0.020, 7_000),
        ["linkedin"] = new(3_000, 0.006, 0.030, 12_000),
        ["site"] = new(300, 0.020, 0.020, 5_000),
    };

    /// <summary>Impressions per reachable person a period can usefully carry (the saturation point of the response curve).</summary>
    public static double FrequencyCap(string period) => period switch
    {
        "daily" => 1,
        "weekly" => 3,
        _ => 8,
    };
}
