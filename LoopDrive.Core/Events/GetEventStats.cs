using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// Totals by type and channel plus a count per day (per hour for short ranges) from ONE grouped
/// scan of the (workspace, ts) covering index, then the ten newest events of the range.
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

    public async Task<Stats> HandleAsync(string workspaceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(from, to);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var byChannel = new Dictionary<string, long>(StringComparer.Ordinal);
        var overTime = new SortedDictionary<DateTimeOffset, long>();
        long total = 0;
        await using (var command = database.CreateCommand($"""
            SELECT type, channel, date_trunc('{bucket}', ts, 'UTC') AS bucket, count(*)
            FROM events WHERE workspace_id = $1 AND ts >= $2 AND ts <= $3
            GROUP BY 1, 2, 3
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = to });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt64(3);
                total += count;
                var type = reader.GetString(0);
                byType[type] = byType.GetValueOrDefault(type) + count;
                if (!reader.IsDBNull(1))
                {
                    var channel = reader.GetString(1);
                    byChannel[channel] = byChannel.GetValueOrDefault(channel) + count;
                }
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
