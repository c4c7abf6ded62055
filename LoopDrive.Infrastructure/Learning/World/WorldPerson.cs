namespace LoopDrive.Infrastructure.Learning.World;

/// <summary>One simulated person's hidden traits: how much they answer on each channel, about which topics, and when.</summary>
public sealed record WorldPerson(double Propensity, double[] ChannelAffinity, double[] TopicInterest, double ActiveHour)
{
    /// <summary>Traits drawn from the person's own seeded generator, so a person is the same whoever asks first.</summary>
    public static WorldPerson Draw(WorldParameters p, Random random)
    {
        var propensity = Math.Exp(Normal(random) * 0.4 - 0.08);
        var affinity = p.Channels.Select(c => c.Affinity * Math.Exp(Normal(random) * 0.3)).ToArray();
        var favourites = Enumerable.Range(0, p.Topics.Count).OrderBy(_ => random.Next()).Take(2).ToHashSet();
        var interest = Enumerable.Range(0, p.Topics.Count).Select(i => favourites.Contains(i) ? 1.4 : 0.8).ToArray();
        var segment = random.NextDouble();
        var centre = segment < p.EveningShare ? 19.5
            : segment < p.EveningShare + p.MiddayShare ? 12.5
            : segment < p.EveningShare + p.MiddayShare + p.MorningShare ? 7.5
            : random.NextDouble() * 24;
        var hour = (centre + Normal(random) * 0.75 + 24) % 24;
        return new WorldPerson(propensity, affinity, interest, hour);
    }

    public double TimeFactor(double hourOfDay, WorldParameters p)
    {
        var d = Math.Abs(hourOfDay - ActiveHour);
        d = Math.Min(d, 24 - d);
        return p.OffHoursFloor + (1 - p.OffHoursFloor) * Math.Exp(-d * d / (2 * p.ActiveSpreadHours * p.ActiveSpreadHours));
    }

    public double BestHour => Math.Round(ActiveHour) % 24;

    private static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
