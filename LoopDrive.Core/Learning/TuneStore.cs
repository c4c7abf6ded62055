using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Core.Learning;

/// <summary>
/// The loop's writes: one set-based statement per table (<c>unnest</c> arrays, additive upserts),
/// all sent as one batch on the caller's connection and transaction. Per-send state rows are
/// created first and then locked (one batch too), so two consumers never count the same send twice.
/// Every statement touches its rows in key order: the consumer runs several batches at once and
/// they share arm, snippet and channel rows, so a fixed order keeps them from deadlocking.
/// </summary>
public sealed class TuneStore(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task<Dictionary<string, LearningSendState>> LockStatesAsync(string workspaceId, IReadOnlyList<TunedSend> sends, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, LearningSendState>(StringComparer.Ordinal);
        if (sends.Count == 0) return states;
        var ordered = sends.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var ids = ordered.Select(s => s.Id).ToArray();
        // Created and locked in one round trip: the insert runs first, so the locking read finds every row.
        var commands = new List<NpgsqlBatchCommand>();
        Add(commands, """
            INSERT INTO learning_send_states (workspace_id, send_id, person_id, channel, sent_at, counted, converted, penalized, updated_at)
            SELECT @ws, u.send_id, u.person_id, u.channel, u.sent_at, false, false, false, @now
            FROM unnest(@send_id, @person_id, @channel, @sent_at) AS u(send_id, person_id, channel, sent_at)
            ON CONFLICT (workspace_id, send_id) DO NOTHING
            """,
            new("ws", workspaceId), new("now", now),
            new("send_id", ids),
            new("person_id", ordered.Select(s => s.PersonId).ToArray()),
            new("channel", ordered.Select(s => s.Channel).ToArray()),
            new("sent_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = ordered.Select(s => (object?)s.SentAt ?? DBNull.Value).ToArray() });
        Add(commands, LockedStatesSql, new("ws", workspaceId), new("ids", ids));
        await using var batch = await BatchAsync(db, commands, cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await SkipCountsAsync(reader, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = ReadState(reader, workspaceId);
            states[state.SendId] = state;
        }
        return states;
    }

    /// <summary>The state rows of the sends <c>@ids</c>, locked in send id order so concurrent batches never wait on each other in a cycle.</summary>
    internal const string LockedStatesSql = """
        SELECT send_id, person_id, channel, sent_at, delivered_at, counted, converted, penalized, updated_at
        FROM learning_send_states WHERE workspace_id = @ws AND send_id = ANY(@ids) ORDER BY send_id FOR UPDATE
        """;

    internal static LearningSendState ReadState(NpgsqlDataReader reader, string workspaceId) => new()
    {
        WorkspaceId = workspaceId,
        SendId = reader.GetString(0),
        PersonId = reader.GetString(1),
        Channel = reader.GetString(2),
        SentAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
        DeliveredAt = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
        Counted = reader.GetBoolean(5),
        Converted = reader.GetBoolean(6),
        Penalized = reader.GetBoolean(7),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(8),
    };

    /// <summary>Moves past results of statements that return no rows (an insert), which the reader may or may not present.</summary>
    internal static async Task SkipCountsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken))
        {
        }
    }

    public async Task WriteAsync(string workspaceId, TuneDeltas d, IEnumerable<LearningSendState> states, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var s = states.OrderBy(x => x.SendId, StringComparer.Ordinal).ToList();
        var commands = new List<NpgsqlBatchCommand>();
        if (s.Count > 0)
        {
            Add(commands, """
                UPDATE learning_send_states t SET delivered_at = u.delivered_at, counted = u.counted, converted = u.converted, penalized = u.penalized, updated_at = @now
                FROM unnest(@send_id, @delivered_at, @counted, @converted, @penalized) AS u(send_id, delivered_at, counted, converted, penalized)
                WHERE t.workspace_id = @ws AND t.send_id = u.send_id
                """, new("ws", workspaceId), new("now", now),
                new("send_id", s.Select(x => x.SendId).ToArray()),
                new("delivered_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = s.Select(x => (object?)x.DeliveredAt ?? DBNull.Value).ToArray() },
                new("counted", s.Select(x => x.Counted).ToArray()),
                new("converted", s.Select(x => x.Converted).ToArray()),
                new("penalized", s.Select(x => x.Penalized).ToArray()));
        }
        if (d.Arms.Count > 0)
        {
            var arms = d.Arms.OrderBy(a => a.Key.Kind, StringComparer.Ordinal).ThenBy(a => a.Key.Key, StringComparer.Ordinal).ToList();
            Add(commands, """
                INSERT INTO learning_arms (workspace_id, kind, arm_key, brand_id, use_case, channel, trials, successes, penalties, updated_at)
                SELECT @ws, u.kind, u.key, u.brand, u.use_case, u.channel, u.t, u.s, u.p, @now
                FROM unnest(@kind, @key, @brand, @use_case, @channel, @t, @s, @p) AS u(kind, key, brand, use_case, channel, t, s, p)
                ON CONFLICT (workspace_id, kind, arm_key) DO UPDATE SET trials = learning_arms.trials + excluded.trials,
                    successes = learning_arms.successes + excluded.successes, penalties = learning_arms.penalties + excluded.penalties, updated_at = excluded.updated_at
                """, new("ws", workspaceId), new("now", now),
                new("kind", arms.Select(a => a.Key.Kind).ToArray()),
                new("key", arms.Select(a => a.Key.Key).ToArray()),
                Texts("brand", arms.Select(a => a.Value.Info.BrandId)),
                Texts("use_case", arms.Select(a => a.Value.Info.UseCase)),
                Texts("channel", arms.Select(a => a.Value.Info.Channel)),
                new("t", arms.Select(a => a.Value.Delta.Trials).ToArray()),
                new("s", arms.Select(a => a.Value.Delta.Successes).ToArray()),
                new("p", arms.Select(a => a.Value.Delta.Penalties).ToArray()));
            var days = d.ArmDays.OrderBy(a => a.Key.Kind, StringComparer.Ordinal).ThenBy(a => a.Key.Key, StringComparer.Ordinal).ThenBy(a => a.Key.Day).ToList();
            Add(commands, """
                INSERT INTO learning_arm_daily (workspace_id, kind, arm_key, day, trials, successes, penalties)
                SELECT @ws, u.kind, u.key, u.day, u.t, u.s, u.p FROM unnest(@kind, @key, @day, @t, @s, @p) AS u(kind, key, day, t, s, p)
                ON CONFLICT (workspace_id, kind, arm_key, day) DO UPDATE SET trials = learning_arm_daily.trials + excluded.trials,
                    successes = learning_arm_daily.successes + excluded.successes, penalties = learning_arm_daily.penalties + excluded.penalties
                """, new("ws", workspaceId),
                new("kind", days.Select(a => a.Key.Kind).ToArray()),
                new("key", days.Select(a => a.Key.Key).ToArray()),
                new("day", days.Select(a => a.Key.Day).ToArray()),
                new("t", days.Select(a => a.Value.Trials).ToArray()),
                new("s", days.Select(a => a.Value.Successes).ToArray()),
                new("p", days.Select(a => a.Value.Penalties).ToArray()));
        }
        if (d.Snippets.Count > 0)
        {
            var snippets = d.Snippets.OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
            // Same win-rate formula as Voice's SnippetLibrary, so compose's Thompson draw sees the new counts at once.
            Add(commands, """
                UPDATE snippet_library t SET impressions = t.impressions + u.i, conversions = t.conversions + u.c,
                    win_rate = (1.0 + t.conversions + u.c) / (2.0 + t.impressions + u.i), updated_at = @now
                FROM unnest(@id, @i, @c) AS u(id, i, c) WHERE t.id = u.id AND t.workspace_id = @ws
                """, new("ws", workspaceId), new("now", now),
                new("id", snippets.Select(x => x.Key).ToArray()),
                new("i", snippets.Select(x => x.Value.Impressions).ToArray()),
                new("c", snippets.Select(x => x.Value.Conversions).ToArray()));
        }
        if (d.SendTimes.Count > 0)
        {
            var cells = d.SendTimes.OrderBy(c => c.Key.PersonId, StringComparer.Ordinal).ThenBy(c => c.Key.Hour).ToList();
            Add(commands, """
                INSERT INTO learning_send_times (workspace_id, person_id, hour_of_week, trials, successes)
                SELECT @ws, u.person, u.hour, u.t, u.s FROM unnest(@person, @hour, @t, @s) AS u(person, hour, t, s)
                ON CONFLICT (workspace_id, person_id, hour_of_week) DO UPDATE SET trials = learning_send_times.trials + excluded.trials,
                    successes = learning_send_times.successes + excluded.successes
                """, new("ws", workspaceId),
                new("person", cells.Select(c => c.Key.PersonId).ToArray()),
                new("hour", cells.Select(c => c.Key.Hour).ToArray()),
                new("t", cells.Select(c => c.Value.Trials).ToArray()),
                new("s", cells.Select(c => c.Value.Successes).ToArray()));
        }
        if (d.Cadence.Count > 0)
        {
            var profiles = d.Cadence.Values.OrderBy(p => p.PersonId, StringComparer.Ordinal).ToList();
            Add(commands, """
                INSERT INTO learning_cadence (workspace_id, person_id, engagements, last_engaged_at, mean_gap_hours)
                SELECT @ws, u.person, u.n, u.last, u.gap FROM unnest(@person, @n, @last, @gap) AS u(person, n, last, gap)
                ON CONFLICT (workspace_id, person_id) DO UPDATE SET engagements = excluded.engagements,
                    last_engaged_at = excluded.last_engaged_at, mean_gap_hours = excluded.mean_gap_hours
                """, new("ws", workspaceId),
                new("person", profiles.Select(p => p.PersonId).ToArray()),
                new("n", profiles.Select(p => p.Engagements).ToArray()),
                new("last", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = profiles.Select(p => (object?)p.LastEngagedAt ?? DBNull.Value).ToArray() },
                new("gap", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = profiles.Select(p => (object?)p.MeanGapHours ?? DBNull.Value).ToArray() });
        }
        if (d.Channels.Count > 0)
        {
            var channels = d.Channels.OrderBy(c => c.Key.Channel, StringComparer.Ordinal).ThenBy(c => c.Key.Day).ToList();
            Add(commands, """
                INSERT INTO learning_channel_daily (workspace_id, channel, day, deliveries, clicks, positives, negatives, revenue)
                SELECT @ws, u.channel, u.day, u.d, u.c, u.p, u.n, u.r FROM unnest(@channel, @day, @d, @c, @p, @n, @r) AS u(channel, day, d, c, p, n, r)
                ON CONFLICT (workspace_id, channel, day) DO UPDATE SET deliveries = learning_channel_daily.deliveries + excluded.deliveries,
                    clicks = learning_channel_daily.clicks + excluded.clicks, positives = learning_channel_daily.positives + excluded.positives,
                    negatives = learning_channel_daily.negatives + excluded.negatives, revenue = learning_channel_daily.revenue + excluded.revenue
                """, new("ws", workspaceId),
                new("channel", channels.Select(c => c.Key.Channel).ToArray()),
                new("day", channels.Select(c => c.Key.Day).ToArray()),
                new("d", channels.Select(c => c.Value.Deliveries).ToArray()),
                new("c", channels.Select(c => c.Value.Clicks).ToArray()),
                new("p", channels.Select(c => c.Value.Positives).ToArray()),
                new("n", channels.Select(c => c.Value.Negatives).ToArray()),
                new("r", channels.Select(c => c.Value.Revenue).ToArray()));
        }
        if (d.Topics.Count > 0)
        {
            var topics = d.Topics.OrderBy(t => t.Key.PersonId, StringComparer.Ordinal).ThenBy(t => t.Key.Topic, StringComparer.Ordinal).ToList();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            Add(commands, """
                INSERT INTO topics (id, workspace_id, person_id, name, weight, source, last_seen, created_at, updated_at)
                SELECT u.id, @ws, u.person, u.name, u.weight, 'learned', u.seen, @now, @now
                FROM unnest(@id, @person, @name, @weight, @seen) AS u(id, person, name, weight, seen)
                ON CONFLICT (person_id, name) DO UPDATE SET weight = excluded.weight, last_seen = COALESCE(excluded.last_seen, topics.last_seen), updated_at = excluded.updated_at
                """, new("ws", workspaceId), new("now", now),
                new("id", topics.Select(_ => Ids.New(IdPrefixes.Topic, clock)).ToArray()),
                new("person", topics.Select(t => t.Key.PersonId).ToArray()),
                new("name", topics.Select(t => t.Key.Topic).ToArray()),
                new("weight", topics.Select(t => t.Value.Weight).ToArray()),
                new("seen", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = topics.Select(t => (object?)t.Value.Seen ?? DBNull.Value).ToArray() });
            Add(commands, """
                INSERT INTO learning_topic_daily (workspace_id, person_id, topic, day, weight)
                SELECT @ws, u.person, u.name, @day, u.weight FROM unnest(@person, @name, @weight) AS u(person, name, weight)
                ON CONFLICT (workspace_id, person_id, topic, day) DO UPDATE SET weight = excluded.weight
                """, new("ws", workspaceId), new("day", today),
                new("person", topics.Select(t => t.Key.PersonId).ToArray()),
                new("name", topics.Select(t => t.Key.Topic).ToArray()),
                new("weight", topics.Select(t => t.Value.Weight).ToArray()));
        }
        if (d.Health.Count > 0)
        {
            var health = d.Health.OrderBy(h => h.Key).ToList();
            Add(commands, """
                INSERT INTO learning_health (workspace_id, minute, processed, dropped, ignored, lag_ms_sum, lag_ms_max)
                SELECT @ws, u.minute, u.p, u.d, u.i, u.ls, u.lm FROM unnest(@minute, @p, @d, @i, @ls, @lm) AS u(minute, p, d, i, ls, lm)
                ON CONFLICT (workspace_id, minute) DO UPDATE SET processed = learning_health.processed + excluded.processed,
                    dropped = learning_health.dropped + excluded.dropped, ignored = learning_health.ignored + excluded.ignored,
                    lag_ms_sum = learning_health.lag_ms_sum + excluded.lag_ms_sum, lag_ms_max = GREATEST(learning_health.lag_ms_max, excluded.lag_ms_max)
                """, new("ws", workspaceId),
                new("minute", health.Select(h => h.Key).ToArray()),
                new("p", health.Select(h => h.Value.Processed).ToArray()),
                new("d", health.Select(h => h.Value.Dropped).ToArray()),
                new("i", health.Select(h => h.Value.Ignored).ToArray()),
                new("ls", health.Select(h => h.Value.LagSum).ToArray()),
                new("lm", health.Select(h => h.Value.LagMax).ToArray()));
        }
        if (commands.Count == 0) return;
        await using var batch = await BatchAsync(db, commands, cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(List<NpgsqlBatchCommand> commands, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        commands.Add(command);
    }

    /// <summary>
    /// The statements as one batch on the context's connection and inside its transaction (the
    /// consumer's), so a batch of outcomes is one round trip for reading states and one for writing.
    /// </summary>
    internal static async Task<NpgsqlBatch> BatchAsync(LoopDriveDbContext db, List<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(),
            db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
        foreach (var command in commands) batch.BatchCommands.Add(command);
        return batch;
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };
}
