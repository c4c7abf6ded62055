namespace LoopDrive.Infrastructure.Learning.World;

/// <summary>
/// The ground truth: the probability that a message engages a person, from their hidden traits and
/// what was chosen (channel, snippet and prompt quality, topic, hour) and how recently they were
/// last messaged. Pure and seeded; the headless harness and the live audience share it.
/// </summary>
public sealed class SimulatedWorld(WorldParameters parameters)
{
    public WorldParameters Parameters { get; } = parameters;

    public WorldPerson Person(int index) => WorldPerson.Draw(Parameters, new Random(HashCode(Parameters.Seed, index)));

    public WorldPerson Person(string personId) => WorldPerson.Draw(Parameters, new Random(HashCode(Parameters.Seed, StableHash(personId))));

    public double Engagement(WorldPerson person, int channel, double snippetQuality, double promptQuality, int topic, double hourOfDay, double? daysSinceLast)
    {
        var fatigue = daysSinceLast is { } days ? 1 - 0.5 * Math.Exp(-days / Parameters.FatigueDays) : 1;
        var p = Parameters.BaseRate * person.Propensity * person.ChannelAffinity[channel] * snippetQuality * promptQuality
                * person.TopicInterest[topic] * person.TimeFactor(hourOfDay, Parameters) * fatigue;
        return Math.Clamp(p, 0, 0.95);
    }

    public double PromptQuality(int version) => version >= 0 && version < Parameters.PromptQualities.Count ? Parameters.PromptQualities[version] : 1;

    /// <summary>A snippet's quality: configured for known ids, else drawn from the id in [0.6, 1.4].</summary>
    public double SnippetQuality(string snippetId) =>
        Parameters.SnippetQualityById.TryGetValue(snippetId, out var q) ? q : 0.6 + 0.8 * (StableHash(snippetId) % 1000) / 999.0;

    public int ChannelIndex(string channel) => Math.Max(0, Parameters.Channels.FindIndex(c => c.Name == channel));

    /// <summary>FNV-1a: string.GetHashCode is randomized per process, which would break reproducibility.</summary>
    public static int StableHash(string value)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var ch in value)
            {
                hash ^= ch;
                hash *= 16777619;
            }
            return (int)(hash & 0x7fffffff);
        }
    }

    public static int HashCode(int a, int b) => unchecked((int)(((uint)a * 2654435761u) ^ ((uint)b * 40503u + 0x9e3779b9u)) & 0x7fffffff);
}
