using System.Globalization;
using LoopDrive.Contracts.Spine;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Reads queue health straight from Redis (XLEN, XINFO GROUPS, XPENDING summary, XRANGE) and the
/// outbox backlog from PostgreSQL. A stream's oldest pending age is the age of the oldest entry
/// some group has not finished: the lowest pending id, or the first entry a group has not read yet.
/// Ages use Redis's own clock against the millisecond part of entry ids, so host clock skew does
/// not show up as lag.
/// </summary>
public sealed class RedisQueueMonitor(
    IConnectionMultiplexer redis,
    NpgsqlDataSource database,
    IOptions<SpineOptions> options,
    TimeProvider clock) : IQueueMonitor
{
    public async Task<QueueHealth> GetHealthAsync(CancellationToken cancellationToken)
    {
        var outbox = ReadOutboxAsync(cancellationToken);
        var queues = await ReadQueuesAsync();
        var (backlog, oldestAgeMs) = await outbox;
        return new QueueHealth(queues, backlog, oldestAgeMs, clock.GetUtcNow());
    }

    private async Task<IReadOnlyList<QueueStats>> ReadQueuesAsync()
    {
        if (!redis.IsConnected) return Unreachable();
        try
        {
            var db = redis.GetDatabase();
            var nowMs = await RedisNowMsAsync(db);
            return await Task.WhenAll(StreamNames.All.Select(stream => ReadStreamAsync(db, stream, nowMs)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return Unreachable();
        }
    }

    private async Task<QueueStats> ReadStreamAsync(IDatabase db, string stream, long nowMs)
    {
        var lengthTask = db.StreamLengthAsync(stream);
        var deadTask = db.StreamLengthAsync(StreamNames.DeadLetter(stream));
        var groups = await GroupsAsync(db, stream);
        var length = await lengthTask;
        var dead = await deadTask;

        long pending = 0, oldestAgeMs = 0;
        var consumers = 0;
        foreach (var group in groups)
        {
            pending += group.PendingMessageCount;
            consumers += group.ConsumerCount;
            if (group.PendingMessageCount > 0)
            {
                var summary = await db.StreamPendingAsync(stream, group.Name);
                oldestAgeMs = Math.Max(oldestAgeMs, AgeMs(summary.LowestPendingMessageId, nowMs));
            }
            if (group.Lag is not 0)
            {
                var unread = await db.StreamRangeAsync(stream, "(" + group.LastDeliveredId, "+", 1);
                if (unread.Length > 0) oldestAgeMs = Math.Max(oldestAgeMs, AgeMs(unread[0].Id, nowMs));
            }
        }
        if (groups.Length == 0 && length > 0)
        {
            // Nobody has ever consumed this stream: everything in it is waiting.
            var first = await db.StreamRangeAsync(stream, "-", "+", 1);
            if (first.Length > 0) oldestAgeMs = AgeMs(first[0].Id, nowMs);
        }

        var (warn, critical) = options.Value.LagThresholdsFor(stream);
        var status = oldestAgeMs > critical.TotalMilliseconds ? QueueStatus.Critical
            : oldestAgeMs > warn.TotalMilliseconds ? QueueStatus.Lagging
            : QueueStatus.Ok;
        return new QueueStats(stream, length, pending, oldestAgeMs, dead, consumers, status);
    }

    private static async Task<StreamGroupInfo[]> GroupsAsync(IDatabase db, string stream)
    {
        try
        {
            return await db.StreamGroupInfoAsync(stream);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // The stream was never written nor had a group created: nothing to report.
            return [];
        }
    }

    private async Task<(long Backlog, long OldestAgeMs)> ReadOutboxAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = new NpgsqlCommand("SELECT count(*), min(created_at) FROM outbox", connection);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var backlog = reader.GetInt64(0);
        var oldest = reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1);
        var ageMs = oldest is { } o ? Math.Max(0, (long)(clock.GetUtcNow() - o).TotalMilliseconds) : 0;
        return (backlog, ageMs);
    }

    private static async Task<long> RedisNowMsAsync(IDatabase db)
    {
        var time = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        var seconds = long.Parse(time[0].ToString(), CultureInfo.InvariantCulture);
        var micros = long.Parse(time[1].ToString(), CultureInfo.InvariantCulture);
        return seconds * 1000 + micros / 1000;
    }

    private static long AgeMs(RedisValue entryId, long nowMs)
    {
        var text = entryId.ToString();
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return long.TryParse(dash < 0 ? text : text[..dash], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? Math.Max(0, nowMs - ms)
            : 0;
    }

    private static QueueStats[] Unreachable() =>
        [.. StreamNames.All.Select(s => new QueueStats(s, 0, 0, 0, 0, 0, QueueStatus.Unreachable))];
}
