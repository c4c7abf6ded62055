using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace LoopDrive.Benchmarks.Spine;

/// <summary>
/// The ceiling: the same number of entries of the same shape through Redis alone — pipelined XADD
/// batches on one side, XREADGROUP + XACK on the other, concurrently, no database.
/// </summary>
internal static class RawRedisBaseline
{
    private const string Group = "bench";
    private const int ProduceBatch = 500;
    private const int ReadBatch = 200;

    public static async Task<double> RunAsync(IConnectionMultiplexer redis, int count, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var stream = "bench.raw." + Guid.NewGuid().ToString("N")[..8];
        await db.StreamCreateConsumerGroupAsync(stream, Group, "0-0", createStream: true);
        var workspace = "ws_" + new string('0', 26);
        var payload = $$"""{"pingId":"ping_{{new string('0', 26)}}","workspaceId":"{{workspace}}"}""";

        var clock = Stopwatch.StartNew();
        var produce = Task.Run(async () =>
        {
            for (var sent = 0; sent < count; sent += ProduceBatch)
            {
                var batch = db.CreateBatch();
                var adds = new List<Task<RedisValue>>(ProduceBatch);
                for (var i = sent; i < Math.Min(count, sent + ProduceBatch); i++)
                {
                    adds.Add(batch.StreamAddAsync(stream,
                    [
                        new("message_id", "msg_" + i.ToString("D26", CultureInfo.InvariantCulture)),
                        new("type", "PingRequested"),
                        new("payload", payload),
                        new("enqueued_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
                        new("workspace_id", workspace),
                    ], maxLength: 100_000, useApproximateMaxLength: true));
                }
                batch.Execute();
                await Task.WhenAll(adds);
            }
        }, cancellationToken);

        var consumed = 0;
        while (consumed < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entries = await db.StreamReadGroupAsync(stream, Group, "raw", StreamPosition.NewMessages, ReadBatch);
            if (entries.Length == 0)
            {
                await Task.Delay(1, cancellationToken);
                continue;
            }
            await db.StreamAcknowledgeAsync(stream, Group, [.. entries.Select(e => e.Id)]);
            consumed += entries.Length;
        }
        await produce;
        clock.Stop();
        await db.KeyDeleteAsync(stream);
        return count / clock.Elapsed.TotalSeconds;
    }
}
