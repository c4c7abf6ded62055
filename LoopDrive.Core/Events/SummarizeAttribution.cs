using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// The workspace attribution report: every conversion in [from, to] credited to its touches by a
/// model, summed per channel, per objective and per snippet. Budget and learning read it through
/// this use case. A conversion with no touch in its lookback window is counted as unattributed.
/// </summary>
/// <remarks>
/// Per channel and per objective the conversion credit adds up to the attributed conversions; per
/// snippet each snippet of a touch gets that touch's whole weight (a touch composed of three
/// snippets influenced the conversion through each of them), so snippet rows need not add up.
/// </remarks>
public sealed class SummarizeAttribution(NpgsqlDataSource database)
{
    public sealed record Row(string Key, double Conversions, long Revenue, long Touchpoints);

    public sealed record AttributionReport(
        string Model,
        DateTimeOffset From,
        DateTimeOffset To,
        long Conversions,
        long Revenue,
        long UnattributedConversions,
        IReadOnlyList<Row> ByChannel,
        IReadOnlyList<Row> ByObjective,
        IReadOnlyList<Row> BySnippet);

    private sealed record Touch(DateTimeOffset Ts, string Channel, string? Objective, IReadOnlyList<string> Snippets);

    private sealed class Totals
    {
        public double Conversions;
        public long Revenue;
        public long Touchpoints;
    }

    public async Task<AttributionReport> HandleAsync(string workspaceId, string model, DateTimeOffset from, DateTimeOffset to,
        int lookbackDays, TimeSpan halfLife, CancellationToken cancellationToken)
    {
        var byChannel = new Dictionary<string, Totals>(StringComparer.Ordinal);
        var byObjective = new Dictionary<string, Totals>(StringComparer.Ordinal);
        var bySnippet = new Dictionary<string, Totals>(StringComparer.Ordinal);
        long conversions = 0, revenue = 0, unattributed = 0;

        await using var command = database.CreateCommand("""
            SELECT c.id, c.ts, c.payload::text, t.ts, t.channel, t.metadata::text, t.payload::text
            FROM events c
            LEFT JOIN events t ON t.workspace_id = c.workspace_id AND t.person_id = c.person_id
                AND t.ts >= c.ts - make_interval(days => $4) AND t.ts <= c.ts AND t.id <> c.id AND t.type ~ $5
            WHERE c.workspace_id = $1 AND c.type LIKE 'conversion.%' AND c.ts >= $2 AND c.ts <= $3
            ORDER BY c.id, t.ts, t.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = workspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter { Value = lookbackDays });
        command.Parameters.Add(new NpgsqlParameter { Value = Touchpoints.SqlTypePattern });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        string? currentId = null;
        DateTimeOffset currentTs = default;
        long currentRevenue = 0;
        var touches = new List<Touch>();
        void Flush()
        {
            if (currentId is null) return;
            conversions++;
            revenue += currentRevenue;
            if (touches.Count == 0)
            {
                unattributed++;
                return;
            }
            var weights = AttributionModels.Weights(model, [.. touches.Select(t => t.Ts)], currentTs, halfLife);
            var shares = AttributionModels.SplitCents(currentRevenue, weights);
            for (var i = 0; i < touches.Count; i++)
            {
                Credit(byChannel, touches[i].Channel, weights[i], shares[i]);
                Credit(byObjective, touches[i].Objective ?? "none", weights[i], shares[i]);
                foreach (var snippet in touches[i].Snippets) Credit(bySnippet, snippet, weights[i], shares[i]);
            }
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (id != currentId)
            {
                Flush();
                currentId = id;
                currentTs = reader.GetFieldValue<DateTimeOffset>(1);
                currentRevenue = Touchpoints.Revenue(reader.GetString(2)).Cents;
                touches.Clear();
            }
            if (reader.IsDBNull(3)) continue;
            var (objective, snippets) = Touchpoints.Labels(reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6));
            touches.Add(new Touch(reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? "unknown" : reader.GetString(4), objective, snippets));
        }
        Flush();

        return new(model, from, to, conversions, revenue, unattributed, Rows(byChannel), Rows(byObjective), Rows(bySnippet));
    }

    private static void Credit(Dictionary<string, Totals> totals, string key, double weight, long cents)
    {
        if (!totals.TryGetValue(key, out var t)) totals[key] = t = new Totals();
        t.Conversions += weight;
        t.Revenue += cents;
        t.Touchpoints++;
    }

    private static List<Row> Rows(Dictionary<string, Totals> totals) =>
        [.. totals.Select(kv => new Row(kv.Key, Math.Round(kv.Value.Conversions, 6), kv.Value.Revenue, kv.Value.Touchpoints))
            .OrderByDescending(r => r.Revenue).ThenByDescending(r => r.Conversions).ThenBy(r => r.Key, StringComparer.Ordinal)];
}
