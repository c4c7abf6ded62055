using LoopDrive.Core.Learning;
using System.Text.Json;

namespace LoopDrive.Core.Tests.Learning;

public sealed class RewardMappingTests
{
    private static readonly DateTimeOffset Delivered = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("email.clicked", SignalKind.Positive, 1)]
    [InlineData("sms.replied", SignalKind.Positive, 1)]
    [InlineData("meeting.booked", SignalKind.Positive, 1)]
    [InlineData("conversion.purchase", SignalKind.Positive, 1)]
    [InlineData("email.unsubscribed", SignalKind.Negative, -RewardMapping.NegativeWeight)]
    [InlineData("email.spam_reported", SignalKind.Negative, -2 * RewardMapping.NegativeWeight)]
    [InlineData("email.delivered", SignalKind.Delivered, 0)]
    [InlineData("email.bounced", SignalKind.Undelivered, 0)]
    [InlineData("email.processed", SignalKind.None, 0)]
    [InlineData("email.opened", SignalKind.Open, 0)]
    public void Types_map_to_their_reward(string type, SignalKind kind, double reward)
    {
        var signal = RewardMapping.Map(type, machineFlag: false, Delivered.AddMinutes(30), Delivered);

        Assert.Equal(kind, signal.Kind);
        Assert.Equal(reward, signal.Reward);
    }

    [Fact]
    public void Opens_and_clicks_within_seconds_of_delivery_are_machine_made_and_earn_nothing()
    {
        Assert.Equal(SignalKind.Machine, RewardMapping.Map("email.opened", false, Delivered.AddSeconds(1), Delivered).Kind);
        Assert.Equal(SignalKind.Machine, RewardMapping.Map("email.clicked", false, Delivered.AddSeconds(2), Delivered).Kind);
        Assert.Equal(0, RewardMapping.Map("email.clicked", false, Delivered.AddSeconds(2), Delivered).Reward);
        Assert.Equal(SignalKind.Positive, RewardMapping.Map("email.clicked", false, Delivered.AddSeconds(30), Delivered).Kind);
        // A reply cannot be automated by a proxy: fast or not, it counts.
        Assert.Equal(SignalKind.Positive, RewardMapping.Map("email.replied", false, Delivered.AddSeconds(1), Delivered).Kind);
    }

    [Fact]
    public void Privacy_proxy_opens_are_flagged_by_payload()
    {
        using var proxy = JsonDocument.Parse("""{"userAgent":"Mozilla/5.0 (via ggpht.com GoogleImageProxy)"}""");
        using var flagged = JsonDocument.Parse("""{"sg_machine_open":true}""");
        using var human = JsonDocument.Parse("""{"userAgent":"Mozilla/5.0 (Macintosh)"}""");

        Assert.True(RewardMapping.MachineFlag(proxy.RootElement));
        Assert.True(RewardMapping.MachineFlag(flagged.RootElement));
        Assert.False(RewardMapping.MachineFlag(human.RootElement));
        Assert.Equal(SignalKind.Machine, RewardMapping.Map("email.opened", true, Delivered.AddHours(2), Delivered).Kind);
    }
}
