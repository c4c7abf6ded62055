using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// Moves the append-only count deltas the events triggers write into <c>event_counts_hourly</c>,
/// one bounded chunk per call. Deleting the deltas and adding them to the totals is one statement,
/// so a crash or a concurrent fold (SKIP LOCKED) can neither lose nor double a count.
/// </summary>
public sealed class FoldEventCounts(NpgsqlDataSource database)
{
    public const int ChunkSize = 50_000;

    /// <returns>How many delta rows were folded; a full chunk means more may be waiting.</returns>
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            WITH moved AS (
                DELETE FROM event_count_deltas
                WHERE id IN (SELECT id FROM event_count_deltas ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING workspace_id, hour, type, channel, n),
            added AS (
                INSERT INTO event_counts_hourly AS h (workspace_id, hour, type, channel, count)
                SELECT workspace_id, hour, type, channel, sum(n) FROM moved
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                ON CONFLICT (workspace_id, hour, type, channel) DO UPDATE SET count = h.count + excluded.count)
            SELECT count(*) FROM moved
            """);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ChunkSize });
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
