using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// One read loop for one subscription: creates the group if needed, reclaims stale pending
/// entries (XAUTOCLAIM), reads new ones in batches (XREADGROUP), hands them to the processor,
/// acknowledges what committed and dead-letters what keeps failing. Nothing a handler throws
/// stops the loop; Redis or PostgreSQL outages make it back off and retry.
/// </summary>
internal sealed partial class StreamConsumer(
    StreamSubscription subscription,
    string consumerName,
    IConnectionMultiplexer redis,
    StreamBatchProcessor processor,
    DeadLetterWriter deadLetters,
    StreamWakeSignals wakeSignals,
    SpineOptions settings,
    SpineTelemetry telemetry,
    TimeProvider clock,
    ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    /// <summary>A consumer name idle this long with nothing pending belongs to a process that is gone.</summary>
    private static readonly TimeSpan ForgetIdleConsumersAfter = TimeSpan.FromHours(1);
    private static readonly TimeSpan ForgetInterval = TimeSpan.FromMinutes(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var wake = wakeSignals.Register(subscription.Stream);
        var groupReady = false;
        // Claim right away: a predecessor that died may have left entries pending.
        var nextClaim = clock.GetUtcNow();
        var nextForget = clock.GetUtcNow() + ForgetInterval;
        var backoff = TimeSpan.Zero;
        var inFlight = new InFlightBatches(Math.Max(1, settings.ConsumerReadAhead));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var db = redis.GetDatabase();
                    if (!groupReady)
                    {
                        await EnsureGroupAsync(db);
                        groupReady = true;
                    }
                    await wakeSignals.EnsureSubscribedAsync();

                    if (clock.GetUtcNow() >= nextClaim)
                    {
                        nextClaim = clock.GetUtcNow() + settings.ClaimInterval;
                        // This consumer's own batches in flight are pending too; a slow one must not be reclaimed from under itself.
                        await inFlight.WaitForAllAsync();
                        await ReclaimStaleAsync(db, cancellationToken);
                    }
                    if (clock.GetUtcNow() >= nextForget)
                    {
                        nextForget = clock.GetUtcNow() + ForgetInterval;
                        await ForgetIdleConsumersAsync(db);
                    }

                    // Reads run ahead of commits: while one batch waits for its commit to reach disk,
                    // the next is already being handled. Without this, every message that arrives
                    // during a commit waits for it, which is most of the hand-off latency under load.
                    await inFlight.WaitForRoomAsync();
                    var entries = await db.StreamReadGroupAsync(subscription.Stream, subscription.Group, consumerName,
                        StreamPosition.NewMessages, settings.ConsumerBatchSize);
                    backoff = TimeSpan.Zero;
                    if (entries.Length > 0)
                    {
                        inFlight.Add(HandleAsync(db, [.. entries.Select(e => (e, 1))], cancellationToken));
                        continue;
                    }

                    var untilClaim = nextClaim - clock.GetUtcNow();
                    var idle = untilClaim < settings.ConsumerIdleDelay ? untilClaim : settings.ConsumerIdleDelay;
                    if (idle > TimeSpan.Zero) await wake.WaitAsync(idle, cancellationToken);
                }
                catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
                {
                    // Redis lost the group (restart without persistence, stream deleted): create it again.
                    groupReady = false;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or NpgsqlException or SpineTransportException
                                           && !cancellationToken.IsCancellationRequested)
                {
                    backoff = backoff == TimeSpan.Zero
                        ? TimeSpan.FromMilliseconds(100)
                        : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                    LogLoopFailed(logger, subscription.Stream, ex.GetType().Name, backoff.TotalMilliseconds);
                    await Task.Delay(backoff, clock, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown. Entries read but not committed stay pending and are reclaimed by a live consumer.
        }
        await inFlight.DrainAsync();
    }

    private async Task EnsureGroupAsync(IDatabase db)
    {
        try
        {
            // From "0", not "$": entries the relay added before the group existed must be read too.
            await db.StreamCreateConsumerGroupAsync(subscription.Stream, subscription.Group, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another consumer (or an earlier run) created it; that is the state we want.
        }
    }

    private async Task ReclaimStaleAsync(IDatabase db, CancellationToken cancellationToken)
    {
        RedisValue start = "0-0";
        // Bounded so a huge backlog of stale entries cannot starve new messages.
        for (var round = 0; round < 10; round++)
        {
            var result = await db.StreamAutoClaimAsync(subscription.Stream, subscription.Group, consumerName,
                (long)settings.ClaimMinIdle.TotalMilliseconds, start, settings.ConsumerBatchSize);
            var claimed = result.ClaimedEntries;
            if (claimed.Length > 0)
            {
                var counts = await DeliveryCountsAsync(db, claimed);
                LogReclaimed(logger, claimed.Length, subscription.Stream);
                await HandleAsync(db, [.. claimed.Select(e => (e, counts.GetValueOrDefault(e.Id.ToString(), 2)))], cancellationToken);
            }
            start = result.NextStartId;
            if (start.IsNullOrEmpty || start == "0-0") break;
        }
    }

    /// <summary>Keeps the group's consumer list (and the monitor's count) to live processes.</summary>
    private async Task ForgetIdleConsumersAsync(IDatabase db)
    {
        foreach (var consumer in await db.StreamConsumerInfoAsync(subscription.Stream, subscription.Group))
        {
            if (consumer.PendingMessageCount == 0 && consumer.IdleTimeInMilliseconds > ForgetIdleConsumersAfter.TotalMilliseconds
                && consumer.Name != consumerName)
                await db.StreamDeleteConsumerAsync(subscription.Stream, subscription.Group, consumer.Name);
        }
    }

    private async Task<Dictionary<string, int>> DeliveryCountsAsync(IDatabase db, StreamEntry[] claimed)
    {
        // This consumer may own other pending entries in the same id range; leave room for them.
        var pending = await db.StreamPendingMessagesAsync(subscription.Stream, subscription.Group,
            claimed.Length * 4 + 100, consumerName, claimed[0].Id, claimed[^1].Id);
        return pending.ToDictionary(p => p.MessageId.ToString(), p => p.DeliveryCount, StringComparer.Ordinal);
    }

    private async Task HandleAsync(IDatabase db, IReadOnlyList<(StreamEntry Entry, int DeliveryCount)> entries, CancellationToken cancellationToken)
    {
        var deliveries = new List<StreamDelivery>(entries.Count);
        foreach (var (entry, deliveryCount) in entries)
        {
            var delivery = StreamDelivery.TryParse(entry, deliveryCount);
            if (delivery is null)
                await DeadLetterAsync(db, entry, deliveryCount, "MalformedEntry: a field the relay always writes is missing");
            else if (deliveryCount > settings.MaxDeliveries)
                await DeadLetterAsync(db, entry, deliveryCount,
                    $"DeliveriesExceeded: delivered {deliveryCount} times without completing (the consumer stopped or timed out each time)");
            else
                deliveries.Add(delivery);
        }
        if (deliveries.Count == 0) return;

        // Transactions in flight at once: each waits on PostgreSQL round trips, so overlapping them is
        // where throughput comes from. Entries of one read may therefore complete out of order.
        var chunks = Split(deliveries, settings.ConsumerConcurrency);
        var results = chunks.Count == 1
            ? await processor.ProcessAsync(subscription, chunks[0], cancellationToken)
            : [.. (await Task.WhenAll(chunks.Select(c => processor.ProcessAsync(subscription, c, cancellationToken)))).SelectMany(r => r)];
        var done = new List<RedisValue>(results.Count);
        foreach (var (delivery, error) in results)
        {
            if (error is null)
            {
                done.Add(delivery.Entry.Id);
                continue;
            }
            telemetry.Failed(subscription.Stream);
            if (StreamBatchProcessor.IsPermanent(error) || delivery.DeliveryCount >= settings.MaxDeliveries)
            {
                await DeadLetterAsync(db, delivery.Entry, delivery.DeliveryCount, DeadLetterWriter.Describe(error));
            }
            else
            {
                LogHandlerFailed(logger, subscription.Stream, delivery.MessageId, delivery.DeliveryCount, error.GetType().Name);
            }
        }
        if (done.Count > 0)
        {
            await db.StreamAcknowledgeAsync(subscription.Stream, subscription.Group, [.. done]);
            telemetry.Handled(subscription.Stream, done.Count);
        }
    }

    private static List<List<StreamDelivery>> Split(List<StreamDelivery> deliveries, int concurrency)
    {
        // Small reads stay whole: a transaction per handful of messages costs more than it overlaps.
        const int minChunk = 8;
        var count = Math.Clamp(deliveries.Count / minChunk, 1, concurrency);
        var size = (deliveries.Count + count - 1) / count;
        return [.. deliveries.Chunk(size).Select(c => c.ToList())];
    }

    private async Task DeadLetterAsync(IDatabase db, StreamEntry entry, int deliveries, string error)
    {
        await deadLetters.WriteAsync(db, subscription, entry, deliveries, error);
        LogDeadLettered(logger, subscription.Stream, entry.Id.ToString(), deliveries);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer loop on {Stream} failed ({ErrorType}); retrying in {DelayMs} ms")]
    private static partial void LogLoopFailed(ILogger logger, string stream, string errorType, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler for {Stream} failed on message {MessageId} (delivery {DeliveryCount}, {ErrorType}); it stays pending for redelivery")]
    private static partial void LogHandlerFailed(ILogger logger, string stream, string messageId, int deliveryCount, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Entry {EntryId} of {Stream} moved to the dead letters after {Deliveries} deliveries")]
    private static partial void LogDeadLettered(ILogger logger, string stream, string entryId, int deliveries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reclaimed {Count} stale pending entries on {Stream}")]
    private static partial void LogReclaimed(ILogger logger, int count, string stream);
}
