namespace LoopDrive.Core.People;

/// <summary>
/// Interest fades: a topic's effective weight halves every <see cref="HalfLife"/> since it was
/// last seen, so what a person cared about a year ago does not steer today's message.
/// </summary>
public static class TopicWeights
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(90);

    public static double Effective(double weight, DateTimeOffset? lastSeen, DateTimeOffset now)
    {
        if (lastSeen is null || lastSeen >= now) return weight;
        var halfLives = (now - lastSeen.Value) / HalfLife;
        return Math.Round(weight * Math.Pow(0.5, halfLives), 6);
    }

    /// <summary>Two people's interest in one topic when they turn out to be one person: either may hold it.</summary>
    public static double Combine(double a, double b) => Math.Round(1 - (1 - a) * (1 - b), 6);
}
