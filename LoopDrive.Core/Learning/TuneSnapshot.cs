using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Sends;
using Npgsql;

namespace LoopDrive.Core.Learning;

/// <summary>
/// Everything a batch of outcomes needs before it is judged, read in one round trip: who each
/// outcome's person is now (a merged id follows to its survivor; erased and unknown ids are absent)
/// and their clock, the candidate sends with what composed them, and the live people's topics and
/// cadence. One batch of plain statements on the consumer's connection and transaction, rather than
/// one query per table, because a round trip costs more than the rows it returns.
/// </summary>
public sealed class TuneSnapshot
{
    /// <summary>Person id as the outcome names it → the live person it means now.</summary>
    public Dictionary<string, string> Live { get; } = new(StringComparer.Ordinal);

    /// <summary>Live person → their clock (<see cref="RecipientTimeZones"/>, the rule the gate uses).</summary>
    public Dictionary<string, TimeZoneInfo> Zones { get; } = new(StringComparer.Ordinal);

    public List<Row> Sends { get; } = [];

    /// <summary>Live person → topic → weight decayed to now, and when it was last seen.</summary>
    public Dictionary<string, Dictionary<string, (double Weight, DateTimeOffset? Seen)>> Topics { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, CadenceProfile> Cadence { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Learning state of every send an outcome names by id, created if new and locked for this
    /// transaction. Sends tied another way (provider id, the person's last send) are locked after tying.
    /// </summary>
    public Dictionary<string, LearningSendState> States { get; } = new(StringComparer.Ordinal);

    /// <summary>A send row joined to its composition (null columns when it has none).</summary>
    public sealed record Row(string Id, string PersonId, string Channel, DateTimeOffset? SentAt, string? ExternalId, string? BrandId, string? Metadata,
        string? CompositionBrandId, string? PromptVersion, string[]? SnippetsUsed);

    // The live person of each outcome person, as a subquery every statement below repeats (a batch's statements share no CTE).
    private const string LiveIds = "SELECT COALESCE(p.merged_into_id, p.id) FROM persons p WHERE p.workspace_id = @ws AND p.id = ANY(@pids)";

    private const string SendColumns = """
        SELECT s.id, s.person_id, s.channel, s.sent_at, s.external_id, s.brand_id, s.metadata::text, c.brand_id, c.prompt_version, c.snippets_used
        FROM sends s LEFT JOIN compositions c ON c.id = s.composition_id AND c.workspace_id = s.workspace_id
        """;

    public static async Task<TuneSnapshot> LoadAsync(LoopDriveDbContext db, string workspaceId, IReadOnlyList<LearningOutcomeObserved> outcomes,
        TimeSpan tieLookback, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = new TuneSnapshot();
        if (outcomes.Count == 0) return snapshot;
        var ws = new NpgsqlParameter("ws", workspaceId);
        var pids = new NpgsqlParameter("pids", outcomes.Select(x => x.PersonId).Distinct(StringComparer.Ordinal).ToArray());
        var ids = outcomes.Where(x => x.SendId is not null).Select(x => x.SendId!).Distinct(StringComparer.Ordinal).ToArray();
        var externals = outcomes.Where(x => x.SendId is null && x.ExternalId is not null).Select(x => x.ExternalId!).Distinct(StringComparer.Ordinal).ToArray();
        var loose = outcomes.Where(x => x.SendId is null && x.Channel is not null).ToList();

        var commands = new List<NpgsqlBatchCommand>
        {
            // A merged person is live only while their survivor is; the clock is the live person's.
            Command($"""
                SELECT p.id, p.merged_into_id,
                    p.erased_at IS NULL AND (p.merged_into_id IS NULL OR (s.id IS NOT NULL AND s.erased_at IS NULL AND s.merged_into_id IS NULL)),
                    CASE WHEN p.merged_into_id IS NULL THEN p.timezone ELSE s.timezone END,
                    (SELECT i.value FROM identities i
                     WHERE i.workspace_id = @ws AND i.person_id = COALESCE(p.merged_into_id, p.id) AND i.type IN ('{IdentityTypes.Phone}', '{IdentityTypes.WhatsApp}')
                     ORDER BY i.type = '{IdentityTypes.Phone}' DESC, i.id LIMIT 1),
                    (SELECT w.timezone FROM workspaces w WHERE w.id = @ws)
                FROM persons p LEFT JOIN persons s ON s.id = p.merged_into_id AND s.workspace_id = @ws
                WHERE p.workspace_id = @ws AND p.id = ANY(@pids)
                """, ws, pids),
            Command($"SELECT person_id, name, weight, last_seen FROM topics WHERE workspace_id = @ws AND person_id IN ({LiveIds})", ws, pids),
            Command($"""
                SELECT person_id, engagements, last_engaged_at, mean_gap_hours FROM learning_cadence
                WHERE workspace_id = @ws AND person_id IN ({LiveIds})
                """, ws, pids),
        };
        // Three narrow statements rather than one OR: each can use its own index (primary key, external id, person).
        if (ids.Length > 0)
        {
            Array.Sort(ids, StringComparer.Ordinal);
            var idsParameter = new NpgsqlParameter("ids", ids);
            // Created in send id order, then locked: the insert runs first, so the locking read finds every row.
            commands.Add(Command("""
                INSERT INTO learning_send_states (workspace_id, send_id, person_id, channel, sent_at, counted, converted, penalized, updated_at)
                SELECT @ws, s.id, s.person_id, s.channel, s.sent_at, false, false, false, @now
                FROM sends s WHERE s.workspace_id = @ws AND s.id = ANY(@ids) ORDER BY s.id
                ON CONFLICT (workspace_id, send_id) DO NOTHING
                """, ws, idsParameter, new NpgsqlParameter("now", now)));
            commands.Add(Command(TuneStore.LockedStatesSql, ws, idsParameter));
            commands.Add(Command($"{SendColumns} WHERE s.workspace_id = @ws AND s.id = ANY(@ids)", ws, idsParameter));
        }
        if (externals.Length > 0)
            commands.Add(Command($"{SendColumns} WHERE s.workspace_id = @ws AND s.external_id IS NOT NULL AND s.external_id = ANY(@xids)", ws,
                new NpgsqlParameter("xids", externals)));
        if (loose.Count > 0)
            commands.Add(Command($"""
                {SendColumns}
                WHERE s.workspace_id = @ws AND s.sent_at IS NOT NULL AND s.sent_at >= @since
                  AND s.person_id IN (SELECT COALESCE(p.merged_into_id, p.id) FROM persons p WHERE p.workspace_id = @ws AND p.id = ANY(@lpids))
                """, ws, new NpgsqlParameter("since", loose.Min(x => x.OccurredAt) - tieLookback),
                new NpgsqlParameter("lpids", loose.Select(x => x.PersonId).Distinct(StringComparer.Ordinal).ToArray())));

        await using var batch = await TuneStore.BatchAsync(db, commands, cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.GetBoolean(2)) continue;
            var live = reader.IsDBNull(1) ? reader.GetString(0) : reader.GetString(1);
            snapshot.Live[reader.GetString(0)] = live;
            snapshot.Zones[live] = RecipientTimeZones.Resolve(Text(reader, 3), Text(reader, 4), Text(reader, 5));
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var person = reader.GetString(0);
            if (!snapshot.Topics.TryGetValue(person, out var mine)) snapshot.Topics[person] = mine = new(StringComparer.Ordinal);
            var seen = reader.IsDBNull(3) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(3);
            // Learning starts from the decayed weight, so time since the last engagement has already pulled it down.
            mine[reader.GetString(1)] = (TopicWeights.Effective(reader.GetDouble(2), seen, now), seen);
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var profile = new CadenceProfile
            {
                WorkspaceId = workspaceId, PersonId = reader.GetString(0), Engagements = reader.GetInt32(1),
                LastEngagedAt = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                MeanGapHours = reader.IsDBNull(3) ? null : reader.GetDouble(3),
            };
            snapshot.Cadence[profile.PersonId] = profile;
        }
        if (ids.Length > 0)
        {
            await reader.NextResultAsync(cancellationToken);
            await TuneStore.SkipCountsAsync(reader, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var state = TuneStore.ReadState(reader, workspaceId);
                snapshot.States[state.SendId] = state;
            }
        }
        var seenSends = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.NextResultAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7),
                    Text(reader, 8), reader.IsDBNull(9) ? null : reader.GetFieldValue<string[]>(9));
                if (seenSends.Add(row.Id)) snapshot.Sends.Add(row);
            }
        }
        return snapshot;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        // A parameter belongs to one command, so shared ones are cloned per statement.
        foreach (var p in parameters) command.Parameters.Add(p.Clone());
        return command;
    }
}
