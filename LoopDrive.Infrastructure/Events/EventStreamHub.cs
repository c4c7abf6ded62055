using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using LoopDrive.Core.Spine;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using ContractEvent = LoopDrive.Contracts.Events.Event;

namespace LoopDrive.Infrastructure.Events;

/// <summary>
/// Fans the Redis event feed out to this process's live-stream connections. One pattern
/// subscription per process however many connections; each connection gets a bounded buffer and
/// its filter. A connection that falls behind is cut off rather than buffered without limit: its
/// client reconnects with Last-Event-ID and catches up from the database.
/// </summary>
public sealed partial class EventStreamHub(IConnectionMultiplexer redis, ILogger<EventStreamHub> logger) : IAsyncDisposable
{
    public const int BufferCapacity = 2048;

    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();
    private readonly SemaphoreSlim _subscribeLock = new(1, 1);
    private volatile bool _subscribed;

    public sealed record Filter(string WorkspaceId, IReadOnlyCollection<string>? Types, IReadOnlyCollection<string>? Channels, string? PersonId)
    {
        public bool Matches(ContractEvent e) =>
            e.WorkspaceId == WorkspaceId
            && (Types is not { Count: > 0 } || Types.Contains(e.Type))
            && (Channels is not { Count: > 0 } || (e.Channel is not null && Channels.Contains(e.Channel)))
            && (PersonId is null || e.PersonId == PersonId);
    }

    /// <summary>A connection's view of the feed; dispose to leave.</summary>
    public sealed class Subscription(EventStreamHub hub, Filter filter) : IDisposable
    {
        private readonly Channel<ContractEvent> _buffer = Channel.CreateBounded<ContractEvent>(
            new BoundedChannelOptions(BufferCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public Filter Filter { get; } = filter;

        /// <summary>True when the buffer overflowed and the stream was ended; the client must resume.</summary>
        public bool Overflowed { get; private set; }

        public ChannelReader<ContractEvent> Reader => _buffer.Reader;

        internal void Offer(ContractEvent e)
        {
            if (Overflowed || !Filter.Matches(e)) return;
            if (_buffer.Writer.TryWrite(e)) return;
            Overflowed = true;
            _buffer.Writer.TryComplete();
        }

        public void Dispose()
        {
            _buffer.Writer.TryComplete();
            hub._subscriptions.TryRemove(this, out _);
        }
    }

    public async Task<Subscription> SubscribeAsync(Filter filter, CancellationToken cancellationToken)
    {
        await EnsureSubscribedAsync(cancellationToken);
        var subscription = new Subscription(this, filter);
        _subscriptions[subscription] = 0;
        return subscription;
    }

    private async Task EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        if (_subscribed) return;
        await _subscribeLock.WaitAsync(cancellationToken);
        try
        {
            if (_subscribed) return;
            await redis.GetSubscriber().SubscribeAsync(EventFeedChannels.All, (_, message) => Dispatch(message));
            _subscribed = true;
        }
        finally
        {
            _subscribeLock.Release();
        }
    }

    private void Dispatch(RedisValue message)
    {
        if (_subscriptions.IsEmpty || message.IsNullOrEmpty) return;
        List<ContractEvent>? events;
        try
        {
            events = JsonSerializer.Deserialize<List<ContractEvent>>((byte[])message!, Outbox.Json);
        }
        catch (JsonException e)
        {
            // A message this version cannot read is skipped; subscribers still have the database to resume from.
            LogUnreadable(logger, e);
            return;
        }
        foreach (var e in events ?? [])
            foreach (var subscription in _subscriptions.Keys)
                subscription.Offer(e);
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscribed) await redis.GetSubscriber().UnsubscribeAsync(EventFeedChannels.All);
        _subscribeLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable live-feed message")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
