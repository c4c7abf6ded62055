using System.Text;
using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// Ordered funnel per person: a person enters at their first step-1 event in the range, and each
/// later step counts at its first occurrence after the previous step and within the window from
/// entry. One SQL statement: a CTE per step over the (workspace, type, ts) covering index, then
/// counts and median gaps, overall and (optionally) per entry channel via grouping sets.
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
        var sql = new StringBuilder();
        sql.Append("""
            WITH s1 AS (
                SELECT DISTINCT ON (person_id) person_id, ts AS t1, coalesce(channel, 'unknown') AS ch
                FROM events
                WHERE workspace_id = @ws AND type = @step1 AND person_id IS NOT NULL
                  AND (@from::timestamptz IS NULL OR ts >= @from) AND (@to::timestamptz IS NULL OR ts <= @to)
                  AND (@person::text IS NULL OR person_id = @person)
                ORDER BY person_id, ts)
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
                    GROUP BY p.person_id, p.t1)
                """);
        }
        sql.Append(breakdownByChannel ? "\nSELECT grouping(s1.ch), s1.ch, count(*)" : "\nSELECT 1, NULL::text, count(*)");
        for (var i = 2; i <= steps.Count; i++)
            sql.Append($", count(s{i}.t{i}), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s{i}.t{i} - {(i == 2 ? "s1.t1" : $"s{i - 1}.t{i - 1}")}))");
        sql.Append("\nFROM s1");
        for (var i = 2; i <= steps.Count; i++) sql.Append($" LEFT JOIN s{i} ON s{i}.person_id = s1.person_id");
        if (breakdownByChannel) sql.Append("\nGROUP BY GROUPING SETS ((), (s1.ch))");

        await using var command = database.CreateCommand(sql.ToString());
        command.Parameters.AddWithValue("ws", workspaceId);
        for (var i = 1; i <= steps.Count; i++) command.Parameters.AddWithValue("step" + i, steps[i - 1]);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)from ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)to ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("person", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)personId ?? DBNull.Value });
        command.Parameters.AddWithValue("window", window);

        IReadOnlyList<Step> overall = Empty(steps);
        var byChannel = new List<(string, IReadOnlyList<Step>)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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

    public static IReadOnlyList<Step> Build(IReadOnlyList<string> steps, long[] counts, double?[] medians) =>
        [.. steps.Select((s, i) => new Step(s, counts[i],
            Rate(counts[i], counts[0]), i == 0 ? (counts[0] > 0 ? 1 : 0) : Rate(counts[i], counts[i - 1]), medians[i]))];

    private static IReadOnlyList<Step> Empty(IReadOnlyList<string> steps) => Build(steps, new long[steps.Count], new double?[steps.Count]);

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 6);
}
