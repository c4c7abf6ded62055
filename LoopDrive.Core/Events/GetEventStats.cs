using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// Totals by type and channel plus a count per day (per hour for short ranges). Whole hours inside
/// the range come from the hourly counts (folded totals plus deltas not yet folded); only the
/// partial hours at either edge are counted from the events themselves. One statement, so one
/// snapshot: a fold committing meanwhile is seen entirely or not at all. Then the ten newest events.
/// </summary>
public sealed class GetEventStats(LoopDriveDbContext db, NpgsqlDataSource database)
{
    public const int RecentCount = 10;

    public sealed record Stats(
        long Total,
        IReadOnlyDictionary<string, long> ByType,
        IReadOnlyDictionary<string, long> ByChannel,
        IReadOnlyList<(DateTimeOffset Start, long Count)> OverTime,
        IReadOnlyList<Event> Recent);

    public static string BucketFor(DateTimeOffset from, DateTimeOffset to) => to - from <= TimeSpan.FromDays(2) ? "hour" : "day";

    /// <summary>The whole hours inside [from, to]: from <c>First</c> (inclusive) to <c>End</c> (exclusive); none when First ≥ End.</summary>
    public static (DateTimeOffset First, DateTimeOffset End) WholeHours(DateTimeOffset from, DateTimeOffset to)
    {
        var utcFrom = from.ToUniversalTime();
        var floorFrom = new DateTimeOffset(utcFrom.Ticks - utcFrom.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        var first = floorFrom == utcFrom ? floorFrom : floorFrom.AddHours(1);
        var utcTo = to.ToUniversalTime();
        // `to` is inclusive, so the hour that starts exactly at `to` is an edge, not a whole hour.
        var end = new DateTimeOffset(utcTo.Ticks - utcTo.Ticks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        return (first, end);
    }

    public async Task<Stats> HandleAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(from, to);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var byChannel = new Dictionary<string, long>(StringComparer.Ordinal);
        var overTime = new SortedDictionary<DateTimeOffset, long>();
        long total = 0;
        var (first, end) = WholeHours(from, to);
        // Without a whole hour inside, the range is one edge: all of it is counted from the events.
        // Timestamps are stored to the microsecond, so "just after `to`" closes the inclusive end.
        var afterTo = to.AddTicks(TimeSpan.TicksPerMicrosecond);
        if (first >= end) (first, end) = (afterTo, afterTo);
        await using (var command = database.CreateCommand($"""
            SELECT type, channel, date_trunc('{bucket}', at, 'UTC') AS bucket, sum(n)::bigint
            FROM (
                SELECT type, channel, hour AS at, count AS n FROM event_counts_hourly
                WHERE workspace_id = $1 AND hour >= $2 AND hour < $3
                UNION ALL
                SELECT type, channel, hour, n FROM event_count_deltas
                WHERE workspace_id = $1 AND hour >= $2 AND hour < $3
                UNION ALL
                SELECT type, coalesce(channel, ''), ts, 1 FROM events
                WHERE workspace_id = $1 AND ts >= $4 AND ts < $2
                UNION ALL
                SELECT type, coalesce(channel, ''), ts, 1 FROM events
                WHERE workspace_id = $1 AND ts >= $3 AND ts < $5
            ) counted
            GROUP BY 1, 2, 3
            HAVING sum(n) <> 0
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
            command.Parameters.Add(new NpgsqlParameter { Value = first });
            command.Parameters.Add(new NpgsqlParameter { Value = end });
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = afterTo });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt64(3);
                total += count;
                var type = reader.GetString(0);
                byType[type] = byType.GetValueOrDefault(type) + count;
                // The counts store a missing channel as '' (a key column cannot be null).
                var channel = reader.GetString(1);
                if (channel.Length > 0) byChannel[channel] = byChannel.GetValueOrDefault(channel) + count;
                var start = reader.GetFieldValue<DateTimeOffset>(2);
                overTime[start] = overTime.GetValueOrDefault(start) + count;
            }
        }

        var recent = await db.Events.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && e.Ts >= from && e.Ts <= to)
            .OrderByDescending(e => e.Ts).ThenByDescending(e => e.Id)
            .Take(RecentCount).ToListAsync(cancellationToken);
        return new(total, byType, byChannel, [.. overTime.Select(kv => (kv.Key, kv.Value))], recent);
    }
}
