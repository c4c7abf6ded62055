using System.Security.Cryptography;
using System.Text;
using LoopDrive.Core.Sends;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// The audience the sandbox uses until a richer simulated world is registered: every message is
/// delivered unless it bounces, and opens, clicks and replies happen at the configured rates.
/// Draws come from the seed and the send id, so a run is reproducible.
/// </summary>
public sealed class DefaultSandboxAudience(IOptions<SandboxOptions> options) : ISandboxAudience
{
    public IReadOnlyList<SandboxReaction> React(SandboxDelivery delivery)
    {
        var o = options.Value;
        var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{o.Seed}|{delivery.SendId}")), 0));
        if (random.NextDouble() < o.BounceRate) return [new(SandboxReactions.Bounce, TimeSpan.FromSeconds(5))];

        var reactions = new List<SandboxReaction> { new(SandboxReactions.Delivered, TimeSpan.FromSeconds(2)) };
        if (random.NextDouble() < o.OpenRate)
        {
            var opened = TimeSpan.FromMinutes(1 + random.Next(240));
            reactions.Add(new(SandboxReactions.Open, opened));
            if (random.NextDouble() < o.ClickRate)
                reactions.Add(new(SandboxReactions.Click, opened + TimeSpan.FromSeconds(5 + random.Next(120)), Url: "https://example.com/offer"));
        }
        if (random.NextDouble() < o.ReplyRate)
        {
            var after = TimeSpan.FromMinutes(5 + random.Next(600));
            reactions.Add(delivery.Channel != SendChannels.Email && random.NextDouble() < o.StopRate
                ? new(SandboxReactions.Stop, after, ReplyText: "STOP")
                : new(SandboxReactions.Reply, after, ReplyText: "Sounds good, tell me more."));
        }
        return reactions;
    }
}
