using System.Text;
using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// Ordered funnel per person: a person enters at their first step-1 event in the range, and each
/// later step counts at its first occurrence after the previous step and within the window from
/// entry. One SQL statement: a CTE per step, then counts and median gaps, overall and
/// (optionally) per entry channel via grouping sets.
/// Without a range start the funnel reads <c>event_firsts</c> (each person's first event of each
/// type, kept by triggers): the entry is the first step-1 event itself, and a later step's first
/// occurrence is the answer whenever it is not before the previous step; only a person whose
/// first occurrence came earlier is looked up in <c>events</c>. So a funnel over a million events
/// reads one row per person and step. With a range start the first occurrences say nothing about
/// the range, and the funnel scans each step's events instead, built for hash plans: entry is a
/// hashed <c>min(ts)</c> per person (its channel rides along in a fixed-width sortable key), and
/// each later step hash-joins the people still in the funnel. A later step's events are read only
/// from the range start to the range end plus the window (every one it could count lies there, since
/// it follows an entry inside the range), so each step is one range of the type's index, not all of it.
/// Without a person filter, nested loops (a per-person index probe, right for one person, ruinous
/// for twenty thousand) and JIT compilation (a quarter second to save nothing) are off for this
/// one transaction.
/// </summary>
public sealed class RunFunnel(NpgsqlDataSource database)
{
    public const int MaxSteps = 10;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    public sealed record Step(string Event, long Count, double ConversionRate, double StepRate, double? MedianSecondsFromPrevious);

    public sealed record Result(IReadOnlyList<Step> Steps, IReadOnlyList<(string Channel, IReadOnlyList<Step> Steps)> ByChannel);

    public async Task<Result> HandleAsync(string workspaceId, IReadOnlyList<string> steps, string? personId, DateTimeOffset? from,
        DateTimeOffset? to, TimeSpan window, bool breakdownByChannel, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = Batch(connection, transaction, "", workspaceId, steps, personId, from, to, window, breakdownByChannel);
        IReadOnlyList<Step> overall = Empty(steps);
        var byChannel = new List<(string, IReadOnlyList<Step>)>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var counts = new long[steps.Count];
            var medians = new double?[steps.Count];
            counts[0] = reader.GetInt64(2);
            for (var i = 1; i < steps.Count; i++)
            {
                counts[i] = reader.GetInt64(1 + 2 * i);
                medians[i] = reader.IsDBNull(2 + 2 * i) ? null : Math.Round(reader.GetDouble(2 + 2 * i), 3);
            }
            var built = Build(steps, counts, medians);
            if (reader.GetInt32(0) == 1) overall = built;
            else byChannel.Add((reader.GetString(1), built));
        }
        return new(overall, [.. byChannel.OrderByDescending(b => b.Item2[0].Count).ThenBy(b => b.Item1, StringComparer.Ordinal)]);
    }

    /// <summary>The plan PostgreSQL runs for the same funnel, executed (<c>EXPLAIN ANALYZE</c>): for checking which indexes a funnel reads.</summary>
    public async Task<string> ExplainAsync(string workspaceId, IReadOnlyList<string> steps, string? personId, DateTimeOffset? from,
        DateTimeOffset? to, TimeSpan window, bool breakdownByChannel, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = Batch(connection, transaction, "EXPLAIN (ANALYZE, BUFFERS) ", workspaceId, steps, personId, from, to, window, breakdownByChannel);
        var plan = new StringBuilder();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) plan.AppendLine(reader.GetString(0));
        return plan.ToString();
    }

    private static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, string prefix, string workspaceId,
        IReadOnlyList<string> steps, string? personId, DateTimeOffset? from, DateTimeOffset? to, TimeSpan window, bool breakdownByChannel)
    {
        var sql = from is null ? FromFirstOccurrences(steps, breakdownByChannel) : FromScans(steps, breakdownByChannel);
        var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL jit = off"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL work_mem = '64MB'"));
        if (personId is null) batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL enable_nestloop = off"));
        var command = new NpgsqlBatchCommand(prefix + sql);
        batch.BatchCommands.Add(command);
        command.Parameters.AddWithValue("ws", workspaceId);
        for (var i = 1; i <= steps.Count; i++) command.Parameters.AddWithValue("step" + i, steps[i - 1]);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)from ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)to ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("person", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)personId ?? DBNull.Value });
        command.Parameters.AddWithValue("window", window);
        return batch;
    }

    /// <summary>Steps from each person's first occurrences; an occurrence before the previous step sends that person to <c>events</c>.</summary>
    private static string FromFirstOccurrences(IReadOnlyList<string> steps, bool breakdownByChannel)
    {
        var sql = new StringBuilder("""
            WITH s1 AS MATERIALIZED (
                SELECT f.person_id, f.ts AS t1, coalesce(f.channel, 'unknown') AS ch, f.ts AS t
                FROM event_firsts f
                WHERE f.workspace_id = @ws AND f.type = @step1
                  AND (@to::timestamptz IS NULL OR f.ts <= @to) AND (@person::text IS NULL OR f.person_id = @person))
            """);
        for (var i = 2; i <= steps.Count; i++)
        {
            // A repeated type must be a later event, not the same one again.
            var after = steps[i - 1] == steps[i - 2] ? ">" : ">=";
            sql.Append($"""
                , s{i} AS MATERIALIZED (
                    SELECT * FROM (
                        SELECT p.person_id, p.t1, p.ch, p.t AS prev,
                            CASE WHEN f.ts {after} p.t THEN CASE WHEN f.ts <= p.t1 + @window THEN f.ts END
                                 ELSE (SELECT min(e.ts) FROM events e
                                       WHERE e.person_id = p.person_id AND e.workspace_id = @ws AND e.type = @step{i}
                                         AND e.ts {after} p.t AND e.ts <= p.t1 + @window) END AS t
                        FROM s{i - 1} p
                        JOIN event_firsts f ON f.workspace_id = @ws AND f.type = @step{i} AND f.person_id = p.person_id) x
                    WHERE t IS NOT NULL)
                """);
        }
        AppendTotals(sql, steps.Count, breakdownByChannel, i => $"s{i}.t", i => $"s{i}.prev", "s1.ch");
        return sql.ToString();
    }

    /// <summary>Steps from scans of each step's events in the range (hash plans).</summary>
    private static string FromScans(IReadOnlyList<string> steps, bool breakdownByChannel)
    {
        var sql = new StringBuilder();
        // The entry channel is the channel of the earliest step-1 event: the minimum of "timestamp digits + channel".
        var entryChannel = breakdownByChannel
            ? """substr(min(to_char(ts AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || coalesce(channel, 'unknown') COLLATE "C"), 21)"""
            : "NULL::text";
        sql.Append($$"""
            WITH s1 AS MATERIALIZED (
                SELECT person_id, min(ts) AS t1, {{entryChannel}} AS ch
                FROM events
                WHERE workspace_id = @ws AND type = @step1 AND person_id IS NOT NULL
                  AND (@from::timestamptz IS NULL OR ts >= @from) AND (@to::timestamptz IS NULL OR ts <= @to)
                  AND (@person::text IS NULL OR person_id = @person)
                GROUP BY person_id)
            """);
        for (var i = 2; i <= steps.Count; i++)
        {
            // A repeated type must be a later event, not the same one again.
            var after = steps[i - 1] == steps[i - 2] ? ">" : ">=";
            sql.Append($"""
                , s{i} AS (
                    SELECT p.person_id, p.t1, min(e.ts) AS t{i}
                    FROM s{i - 1} p
                    JOIN events e ON e.workspace_id = @ws AND e.type = @step{i} AND e.person_id = p.person_id
                        AND e.ts {after} p.t{i - 1} AND e.ts <= p.t1 + @window
                        AND (@from::timestamptz IS NULL OR e.ts >= @from)
                        AND (@to::timestamptz IS NULL OR e.ts <= @to::timestamptz + @window)
                    GROUP BY p.person_id, p.t1)
                """);
        }
        AppendTotals(sql, steps.Count, breakdownByChannel, i => $"s{i}.t{i}", i => i == 2 ? "s1.t1" : $"s{i - 1}.t{i - 1}", "s1.ch");
        return sql.ToString();
    }

    /// <summary>People per step and the median gap to the previous step, overall and (optionally) per entry channel.</summary>
    private static void AppendTotals(StringBuilder sql, int stepCount, bool breakdownByChannel, Func<int, string> reached,
        Func<int, string> previous, string channel)
    {
        sql.Append(breakdownByChannel ? $"\nSELECT grouping({channel}), {channel}, count(*)" : "\nSELECT 1, NULL::text, count(*)");
        for (var i = 2; i <= stepCount; i++)
            sql.Append($", count({reached(i)}), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM {reached(i)} - {previous(i)}))");
        sql.Append("\nFROM s1");
        for (var i = 2; i <= stepCount; i++) sql.Append($" LEFT JOIN s{i} ON s{i}.person_id = s1.person_id");
        if (breakdownByChannel) sql.Append($"\nGROUP BY GROUPING SETS ((), ({channel}))");
    }

    public static IReadOnlyList<Step> Build(IReadOnlyList<string> steps, long[] counts, double?[] medians) =>
        [.. steps.Select((s, i) => new Step(s, counts[i],
            Rate(counts[i], counts[0]), i == 0 ? (counts[0] > 0 ? 1 : 0) : Rate(counts[i], counts[i - 1]), medians[i]))];

    private static IReadOnlyList<Step> Empty(IReadOnlyList<string> steps) => Build(steps, new long[steps.Count], new double?[steps.Count]);

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 6);
}
