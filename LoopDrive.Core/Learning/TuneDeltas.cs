namespace LoopDrive.Core.Learning;

/// <summary>Everything one batch of outcomes changes, summed in memory so each table takes one statement.</summary>
public sealed class TuneDeltas
{
    public sealed record ArmInfo(string? BrandId, string? UseCase, string? Channel);

    public Dictionary<(string Kind, string Key), (ArmInfo Info, ArmPosterior Delta)> Arms { get; } = [];
    public Dictionary<(string Kind, string Key, DateOnly Day), ArmPosterior> ArmDays { get; } = [];
    public Dictionary<string, (int Impressions, int Conversions)> Snippets { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string PersonId, short Hour), (double Trials, double Successes)> SendTimes { get; } = [];
    public Dictionary<(string Channel, DateOnly Day), (long Deliveries, long Clicks, double Positives, double Negatives, long Revenue)> Channels { get; } = [];
    public Dictionary<(string PersonId, string Topic), (double Weight, DateTimeOffset? Seen)> Topics { get; } = [];
    public Dictionary<string, CadenceProfile> Cadence { get; } = new(StringComparer.Ordinal);
    public Dictionary<DateTimeOffset, (long Processed, long Dropped, long Ignored, double LagSum, double LagMax)> Health { get; } = [];

    public void Arm(string kind, string key, ArmInfo info, SignalKind signal, double reward, DateOnly day)
    {
        var current = Arms.TryGetValue((kind, key), out var a) ? a.Delta : ArmPosterior.Empty;
        Arms[(kind, key)] = (info, current.Apply(signal, reward));
        var daily = ArmDays.TryGetValue((kind, key, day), out var d) ? d : ArmPosterior.Empty;
        ArmDays[(kind, key, day)] = daily.Apply(signal, reward);
    }

    public void Snippet(string id, int impressions, int conversions)
    {
        var (i, c) = Snippets.TryGetValue(id, out var s) ? s : (0, 0);
        Snippets[id] = (i + impressions, c + conversions);
    }

    public void SendTime(string personId, short hour, double trials, double successes)
    {
        var (t, s) = SendTimes.TryGetValue((personId, hour), out var x) ? x : (0, 0);
        SendTimes[(personId, hour)] = (t + trials, s + successes);
    }

    public void Channel(string channel, DateOnly day, long deliveries = 0, long clicks = 0, double positives = 0, double negatives = 0, long revenue = 0)
    {
        var c = Channels.TryGetValue((channel, day), out var x) ? x : default;
        Channels[(channel, day)] = (c.Deliveries + deliveries, c.Clicks + clicks, c.Positives + positives, c.Negatives + negatives, c.Revenue + revenue);
    }

    public void Count(DateTimeOffset minute, int processed, int dropped, int ignored, double lagMs)
    {
        var h = Health.TryGetValue(minute, out var x) ? x : default;
        Health[minute] = (h.Processed + processed, h.Dropped + dropped, h.Ignored + ignored, h.LagSum + lagMs, Math.Max(h.LagMax, lagMs));
    }
}
