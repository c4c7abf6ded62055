using LoopDrive.Core.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Spine;

/// <summary>Reads what the spine left behind, straight from PostgreSQL and Redis.</summary>
internal static class SpineState
{
    public static async Task<OpsPing> PingAsync(this TestServers servers, string pingId)
    {
        await using var db = servers.CreateDbContext();
        return await db.OpsPings.AsNoTracking().SingleAsync(p => p.Id == pingId);
    }

    /// <returns>The message's outbox row; null once the relay has handed it to Redis.</returns>
    public static async Task<OutboxMessage?> OutboxRowAsync(this TestServers servers, string messageId)
    {
        await using var db = servers.CreateDbContext();
        return await db.OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.MessageId == messageId);
    }

    /// <summary>Outbox rows not yet handed to Redis.</summary>
    public static async Task<int> OutboxRowsAsync(this TestServers servers)
    {
        await using var db = servers.CreateDbContext();
        return await db.OutboxMessages.CountAsync();
    }

    public static async Task<int> InboxRowsAsync(this TestServers servers, string messageId)
    {
        await using var db = servers.CreateDbContext();
        return await db.ProcessedMessages.CountAsync(m => m.MessageId == messageId);
    }

    public static async Task<long> PendingAsync(this IDatabase redis, string stream, string group = "loopdrive")
    {
        try
        {
            return (await redis.StreamPendingAsync(stream, group)).PendingMessageCount;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // No group yet means nothing was read, so nothing is pending.
            return 0;
        }
    }

    /// <summary>Every entry of the stream was read by the group and acknowledged.</summary>
    public static async Task<bool> FullyConsumedAsync(this IDatabase redis, string stream, string group = "loopdrive")
    {
        var length = await redis.StreamLengthAsync(stream);
        if (length == 0) return false;
        var groups = await redis.StreamGroupInfoAsync(stream);
        var info = groups.SingleOrDefault(g => g.Name == group);
        return info.Name is not null && info.PendingMessageCount == 0 && info.Lag == 0;
    }
}
