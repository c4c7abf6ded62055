using System.Collections.Concurrent;
using LoopDrive.Core.Learning;
using LoopDrive.Core.Sends;

namespace LoopDrive.Infrastructure.Learning.World;

/// <summary>
/// The simulated world behind the sandbox providers: each delivered message is answered from the
/// recipient's hidden traits (drawn from their person id and the seed), the snippets' and prompt
/// version's quality, the hour it arrived in the recipient's own clock (<see cref="WorldClocks"/>)
/// and how recently they were last messaged. Delays are
/// simulated minutes divided by <see cref="WorldParameters.TimeScale"/>. The same send always
/// gets the same answer for one seed.
/// </summary>
public sealed class WorldAudience(SimulatedWorld world, WorldClocks clocks) : ISandboxAudience
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastDelivered = new(StringComparer.Ordinal);

    public IReadOnlyList<SandboxReaction> React(SandboxDelivery delivery)
    {
        var p = world.Parameters;
        var random = new Random(SimulatedWorld.HashCode(p.Seed, SimulatedWorld.StableHash(delivery.SendId)));
        var personKey = delivery.PersonId ?? delivery.Recipient;
        var person = world.Person(personKey);
        var channel = world.ChannelIndex(delivery.Channel);
        var snippetQuality = delivery.SnippetIds.Count == 0 ? 1 : delivery.SnippetIds.Average(world.SnippetQuality);
        var promptQuality = TunedSend.ParsePromptVersion(delivery.PromptVersion) is { } pv ? world.PromptQuality(pv.Version) : 1;
        var topic = random.Next(p.Topics.Count);
        var at = TimeZoneInfo.ConvertTime(delivery.AcceptedAt, clocks.ZoneOf(delivery)).DateTime;
        double? since = _lastDelivered.TryGetValue(personKey, out var last) ? Math.Max(0, (delivery.AcceptedAt - last).TotalDays) : null;
        _lastDelivered[personKey] = delivery.AcceptedAt;
        var engagement = world.Engagement(person, channel, snippetQuality, promptQuality, topic, at.Hour + at.Minute / 60.0, since);

        TimeSpan Scaled(double minutes) => TimeSpan.FromMinutes(minutes / Math.Max(p.TimeScale, 1e-6));

        if (random.NextDouble() < 0.01) return [new SandboxReaction(SandboxReactions.Bounce, Scaled(0.2))];
        var delivered = 0.05 + random.NextDouble() * 0.3;
        var reactions = new List<SandboxReaction> { new(SandboxReactions.Delivered, Scaled(delivered)) };
        var email = delivery.Channel == "email";
        // A privacy proxy fetches the pixel the moment the message lands: the loop must flag it, not learn from it.
        if (email && random.NextDouble() < 0.1) reactions.Add(new SandboxReaction(SandboxReactions.Open, Scaled(delivered) + TimeSpan.FromMilliseconds(200)));
        var unsubscribe = 0.004 * (since is < 1 ? 3 : 1);
        if (random.NextDouble() < unsubscribe)
        {
            reactions.Add(new SandboxReaction(SandboxReactions.Unsubscribe, Scaled(delivered + 30 + random.NextDouble() * 120)));
            return reactions;
        }
        if (random.NextDouble() >= engagement) return reactions;
        var seen = delivered + 5 + random.NextDouble() * 115;
        if (email)
        {
            reactions.Add(new SandboxReaction(SandboxReactions.Open, Scaled(seen)));
            reactions.Add(new SandboxReaction(SandboxReactions.Click, Scaled(seen + 1 + random.NextDouble() * 9), Url: "https://example.com/offer"));
            if (random.NextDouble() < 0.1)
                reactions.Add(new SandboxReaction(SandboxReactions.Reply, Scaled(seen + 15 + random.NextDouble() * 60), ReplyText: ReplyFor(p.Topics[topic])));
        }
        else
        {
            reactions.Add(new SandboxReaction(SandboxReactions.Reply, Scaled(seen), ReplyText: ReplyFor(p.Topics[topic])));
        }
        return reactions;
    }

    private static string ReplyFor(string topic) => topic switch
    {
        "pricing" => "Thanks, how much is the yearly plan?",
        "shipping" => "Good to know, when would it ship?",
        "events" => "Sounds fun, is there a date yet?",
        _ => $"Thanks, tell me more about {topic}.",
    };
}
