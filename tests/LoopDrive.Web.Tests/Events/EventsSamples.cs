using System.Text.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Events;

/// <summary>Events contract records shaped like real API answers.</summary>
public static class EventsSamples
{
    private static readonly DateTimeOffset Now = ContractSamples.Now;

    public static Event Event(string id = "evt_01", string type = "email.opened", string? channel = "email", string? personId = "per_01ada", int minutesAgo = 1) =>
        new(id, "ws_01demo", null, personId, type, channel, "sendgrid", JsonSerializer.SerializeToElement(new { sendId = "snd_01a" }), Now.AddMinutes(-minutesAgo), null);

    public static EventStats Stats(long total = 30) =>
        new(total, new Dictionary<string, long> { ["email.opened"] = 20, ["email.clicked"] = 10 }, new Dictionary<string, long> { ["email"] = total },
            [Event()], [new EventCountBucket(Now.AddDays(-1), 12), new EventCountBucket(Now, 18)], Now.AddDays(-7), Now);

    public static FunnelStep Step(string type, long count, double rate) => new(type, count, rate, rate, count == 0 ? null : 3_600);
}
