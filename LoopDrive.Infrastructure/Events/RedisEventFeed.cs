using System.Text.Json;
using LoopDrive.Core.Events;
using LoopDrive.Core.Spine;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Events;

/// <summary>Publishes committed events as one JSON array per workspace per call (a batch is one message, not a thousand).</summary>
internal sealed class RedisEventFeed(IConnectionMultiplexer redis) : IEventFeed
{
    public async Task PublishAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        foreach (var group in events.GroupBy(e => e.WorkspaceId))
        {
            var message = JsonSerializer.SerializeToUtf8Bytes(group.Select(e => e.ToContract()).ToList(), Outbox.Json);
            await subscriber.PublishAsync(EventFeedChannels.For(group.Key), message);
        }
    }
}
