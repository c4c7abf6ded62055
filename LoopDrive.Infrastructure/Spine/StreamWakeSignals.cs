using System.Collections.Concurrent;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// StackExchange.Redis cannot block on XREADGROUP, so idle consumers sleep; the relay publishes
/// the stream name after each XADD batch and this wakes that stream's readers at once. Pub/sub may
/// drop a message; the idle delay bounds what a lost wake-up costs.
/// </summary>
public sealed class StreamWakeSignals(IConnectionMultiplexer redis)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<AsyncSignal>> _signals = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private volatile bool _subscribed;

    public AsyncSignal Register(string stream)
    {
        var signal = new AsyncSignal();
        _signals.GetOrAdd(stream, _ => []).Add(signal);
        return signal;
    }

    /// <summary>Idempotent; retried by the consumers' loops until Redis answers.</summary>
    public async Task EnsureSubscribedAsync()
    {
        if (_subscribed) return;
        await _subscribing.WaitAsync();
        try
        {
            if (_subscribed) return;
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(OutboxRelay.WakeChannel), (_, stream) =>
            {
                if (_signals.TryGetValue(stream.ToString(), out var signals))
                {
                    foreach (var signal in signals) signal.Set();
                }
            });
            _subscribed = true;
        }
        finally
        {
            _subscribing.Release();
        }
    }
}
