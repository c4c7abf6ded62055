using System.Text.Json;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Turns queue-health samples into <c>ops.queue_lag</c> events, once per change of a stream's
/// level (ok → lagging → critical and back). The last level per stream lives in Redis and is
/// swapped atomically (SET … GET), so however many worker replicas sample, only the one that
/// sees a change writes the alert. Every workspace gets the event: they all share the spine, and
/// each tenant's feed should show why its work is delayed.
/// </summary>
public sealed partial class QueueLagAlerts(
    IConnectionMultiplexer redis,
    NpgsqlDataSource database,
    IOptions<SpineOptions> options,
    TimeProvider clock,
    ILogger<QueueLagAlerts> logger)
{
    public const string EventType = "ops.queue_lag";
    public const string EventSource = "ops";
    private const string KeyPrefix = "loopdrive:ops:queue-lag:";

    /// <summary>Records the transitions in <paramref name="health"/>; returns how many streams changed level.</summary>
    public async Task<int> RecordAsync(QueueHealth health, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var changed = 0;
        foreach (var queue in health.Queues)
        {
            // Unreachable says nothing about lag; the level stays what it last was.
            if (queue.Status is not (QueueStatus.Ok or QueueStatus.Lagging or QueueStatus.Critical)) continue;

            var previous = await db.StringSetAndGetAsync(KeyPrefix + queue.Stream, queue.Status);
            var before = previous.IsNull ? QueueStatus.Ok : previous.ToString();
            if (before == queue.Status) continue;

            await WriteEventAsync(queue, before, cancellationToken);
            LogTransition(logger, queue.Stream, before, queue.Status, queue.OldestPendingAgeMs);
            changed++;
        }

        return changed;
    }

    private async Task WriteEventAsync(QueueStats queue, string previous, CancellationToken cancellationToken)
    {
        var (warn, critical) = options.Value.LagThresholdsFor(queue.Stream);
        var payload = JsonSerializer.Serialize(new
        {
            stream = queue.Stream,
            level = queue.Status,
            previous,
            oldestPendingAgeMs = queue.OldestPendingAgeMs,
            pending = queue.Pending,
            warnAfterMs = (long)warn.TotalMilliseconds,
            criticalAfterMs = (long)critical.TotalMilliseconds,
        });

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var workspaces = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT id FROM workspaces", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) workspaces.Add(reader.GetString(0));
        }

        if (workspaces.Count == 0) return;

        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO events (id, workspace_id, type, source, payload, ts)
            SELECT e.id, e.workspace_id, @type, @source, @payload::jsonb, @ts
            FROM unnest(@ids, @workspaces) AS e(id, workspace_id)
            """, connection);
        insert.Parameters.AddWithValue("type", EventType);
        insert.Parameters.AddWithValue("source", EventSource);
        insert.Parameters.AddWithValue("payload", payload);
        insert.Parameters.AddWithValue("ts", clock.GetUtcNow());
        insert.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = workspaces.Select(_ => Ids.New(IdPrefixes.Event, clock)).ToArray(),
        });
        insert.Parameters.Add(new NpgsqlParameter("workspaces", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = workspaces.ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Stream} went from {Previous} to {Level} (oldest pending {AgeMs} ms)")]
    private static partial void LogTransition(ILogger logger, string stream, string previous, string level, long ageMs);
}
