using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Core.Events;

/// <summary>
/// Stores validated events in one transaction: people resolved in one query (unknown ids kept
/// unattached and flagged, merged ids followed to the survivor), rows through a binary COPY (straight
/// into the table; through a staging table and one <c>INSERT … ON CONFLICT DO NOTHING</c> when an
/// idempotency key repeats), and an <c>intake.embed</c> outbox row per new text-bearing event.
/// Classification happens later; the caller never waits for it. After commit the new events go to the live feed.
/// Inside a consumer's transaction it joins that transaction and leaves the commit to it.
/// </summary>
public sealed partial class IngestEvents(LoopDriveDbContext db, IEventFeed feed, AfterCommit afterCommit, TimeProvider clock, ILogger<IngestEvents> logger)
{
    /// <summary>Below this, one multi-row INSERT is cheaper than creating a staging table.</summary>
    private const int CopyThreshold = 16;

    private const string Columns =
        "id, workspace_id, organization_id, person_id, type, channel, source, payload, ts, metadata, idempotency_key, unresolved_person_id";

    public sealed record Outcome(IReadOnlyList<Event> Stored, IReadOnlyList<NewEvent> Duplicates);

    public async Task<Outcome> HandleAsync(string workspaceId, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return new([], []);
        var ownsTransaction = db.Database.CurrentTransaction is null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        List<Event> stored;
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var transaction = ownsTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            stored = await StoreAsync(connection, workspaceId, events, clock, cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (stored.Count > 0)
        {
            // Inside a consumer's transaction the events are not committed yet: the feed hears of them once they are.
            if (ownsTransaction) await PublishCommittedAsync(feed, logger, stored);
            else afterCommit.Add(() => PublishCommittedAsync(feed, logger, stored));
        }
        var storedIds = stored.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return new(stored, [.. events.Where(e => !storedIds.Contains(e.Id))]);
    }

    /// <summary>
    /// The rows and their outbox messages on the caller's connection and transaction; the events
    /// that were new (a repeated idempotency key stores nothing). Publishing is the caller's, after commit.
    /// </summary>
    /// <param name="oneStatement">
    /// Always one prepared multi-row statement, however many events: the group commit's batches
    /// (at most <see cref="EventGroupCommit.MaxBatch"/>) are too small for a COPY's four round
    /// trips (people, savepoint, COPY, release) to pay off, and they grow with load.
    /// </param>
    /// <param name="fingerprints">
    /// Per event, the key-less request's fingerprint to claim with it (<see cref="KeylessFingerprint"/>), or null;
    /// an event whose fingerprint is claimed and not yet expired is not stored.
    /// </param>
    internal static async Task<List<Event>> StoreAsync(NpgsqlConnection connection, string workspaceId, IReadOnlyList<NewEvent> events,
        TimeProvider clock, CancellationToken cancellationToken, bool oneStatement = false, IReadOnlyList<KeylessFingerprint?>? fingerprints = null)
    {
        List<Event> stored;
        if (oneStatement || events.Count < CopyThreshold || fingerprints is not null)
            stored = await InsertDirectAsync(connection, workspaceId, events, fingerprints, clock.GetUtcNow(), cancellationToken);
        else
        {
            var people = await ResolvePeopleAsync(connection, workspaceId, events, cancellationToken);
            var rows = events.Select(e => ToEntity(workspaceId, e, people)).ToList();
            var inserted = await InsertThroughCopyAsync(connection, rows, cancellationToken);
            stored = [.. rows.Where(r => inserted.Contains(r.Id))];
        }
        await EnqueueClassificationAsync(connection, stored, clock, cancellationToken);
        await Learning.LearningOutbox.EnqueueAsync(connection, stored, clock, cancellationToken);
        return stored;
    }

    /// <summary>The stored event a duplicate's idempotency key points at.</summary>
    public Task<Event?> FindByKeyAsync(string workspaceId, string idempotencyKey, CancellationToken cancellationToken) =>
        db.Events.AsNoTracking().Where(e => e.WorkspaceId == workspaceId && e.IdempotencyKey == idempotencyKey).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Committed events to the live feed; a feed failure is logged, never the caller's error.</summary>
    internal static async Task PublishCommittedAsync(IEventFeed feed, ILogger logger, List<Event> stored)
    {
        try
        {
            // Not the request's token: the events are committed, so the feed gets them even if the caller left.
            await feed.PublishAsync(stored, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The commit stands (CONTRACT §1.1 rule 4); live subscribers catch up from the database on resume.
            LogFeedFailed(logger, e, stored.Count);
        }
    }

    private static Event ToEntity(string workspaceId, NewEvent e, IReadOnlyDictionary<string, string> people)
    {
        string? personId = null;
        string? unresolved = null;
        if (e.PersonId is not null)
        {
            if (people.TryGetValue(e.PersonId, out var resolved)) personId = resolved;
            else unresolved = e.PersonId;
        }
        return ToEntity(workspaceId, e, personId, unresolved);
    }

    private static Event ToEntity(string workspaceId, NewEvent e, string? personId, string? unresolved) =>
        new Event
        {
            Id = e.Id,
            WorkspaceId = workspaceId,
            OrganizationId = e.OrganizationId,
            PersonId = personId,
            Type = e.Type,
            Channel = e.Channel,
            Source = e.Source,
            Payload = e.Payload,
            Ts = e.Ts,
            Metadata = e.Metadata,
            IdempotencyKey = e.IdempotencyKey,
            UnresolvedPersonId = unresolved,
        };

    /// <summary>
    /// Named id → the live person it now means: a merge chain is short, and the recursive walk stops
    /// at the person that was not merged away. Reads <c>@ws</c> and <c>@ids</c>.
    /// </summary>
    private const string LivePeople = """
        chain(named, id, merged_into_id, depth) AS (
            SELECT p.id, p.id, p.merged_into_id, 0 FROM persons p WHERE p.workspace_id = @ws AND p.id = ANY(@ids)
            UNION ALL
            SELECT c.named, p.id, p.merged_into_id, c.depth + 1
            FROM chain c JOIN persons p ON p.id = c.merged_into_id AND p.workspace_id = @ws
            WHERE c.depth < 10),
        live(named, id) AS (SELECT named, id FROM chain WHERE merged_into_id IS NULL)
        """;

    private static async Task<IReadOnlyDictionary<string, string>> ResolvePeopleAsync(
        NpgsqlConnection connection, string workspaceId, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        var ids = NamedPeople(events);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Length == 0) return result;
        await using var command = new NpgsqlCommand($"WITH RECURSIVE {LivePeople} SELECT named, id FROM live", connection);
        command.Parameters.AddWithValue("ws", workspaceId);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    private static string[] NamedPeople(IReadOnlyList<NewEvent> events) =>
        events.Where(e => e.PersonId is not null).Select(e => e.PersonId!).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// A few events in one statement (one round trip): the people are resolved inside it, and it
    /// answers which rows were new and whom each one was attached to.
    /// </summary>
    /// <remarks>
    /// A fingerprint is claimed by inserting its row, or by taking over an expired one; the claims
    /// are made in fingerprint order, so two transactions claiming the same pair cannot deadlock. A
    /// claim held by a transaction still running makes this one wait for its outcome, as a repeat
    /// must. An event whose fingerprint was not claimed is left out.
    /// </remarks>
    private static async Task<List<Event>> InsertDirectAsync(NpgsqlConnection connection, string workspaceId, IReadOnlyList<NewEvent> events,
        IReadOnlyList<KeylessFingerprint?>? fingerprints, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            WITH RECURSIVE {LivePeople},
            claimed AS (
                INSERT INTO event_fingerprints AS f (api_key_id, fingerprint, event_id, created_at)
                SELECT c.api_key, c.fp, c.id, @now FROM unnest(@fp_key, @fp, @id) AS c(api_key, fp, id)
                WHERE c.fp IS NOT NULL ORDER BY c.api_key, c.fp
                ON CONFLICT (api_key_id, fingerprint) DO UPDATE SET event_id = excluded.event_id, created_at = excluded.created_at
                    WHERE f.created_at <= @expired
                RETURNING event_id)
            INSERT INTO events ({Columns})
            SELECT u.id, @ws, u.org, live.id, u.type, u.channel, u.source, u.payload::jsonb, u.ts, u.metadata::jsonb, u.key,
                CASE WHEN live.id IS NULL THEN u.person END
            FROM unnest(@id, @org, @person, @type, @channel, @source, @payload, @ts, @metadata, @key, @fp)
                AS u(id, org, person, type, channel, source, payload, ts, metadata, key, fp)
            LEFT JOIN live ON live.named = u.person
            WHERE u.fp IS NULL OR u.id IN (SELECT event_id FROM claimed)
            ON CONFLICT (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id, person_id, unresolved_person_id
            """, connection);
        command.Parameters.AddWithValue("ws", workspaceId);
        command.Parameters.AddWithValue("ids", NamedPeople(events));
        command.Parameters.AddWithValue("id", events.Select(r => r.Id).ToArray());
        command.Parameters.Add(Texts("org", events.Select(r => r.OrganizationId)));
        command.Parameters.Add(Texts("person", events.Select(r => r.PersonId)));
        command.Parameters.AddWithValue("type", events.Select(r => r.Type).ToArray());
        command.Parameters.Add(Texts("channel", events.Select(r => r.Channel)));
        command.Parameters.AddWithValue("source", events.Select(r => r.Source).ToArray());
        command.Parameters.AddWithValue("payload", events.Select(r => r.Payload).ToArray());
        command.Parameters.AddWithValue("ts", events.Select(r => r.Ts).ToArray());
        command.Parameters.Add(Texts("metadata", events.Select(r => r.Metadata)));
        command.Parameters.Add(Texts("key", events.Select(r => r.IdempotencyKey)));
        command.Parameters.Add(Texts("fp_key", events.Select((_, i) => fingerprints?[i]?.ApiKeyId)));
        command.Parameters.Add(new NpgsqlParameter("fp", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
        {
            Value = events.Select((_, i) => (object?)fingerprints?[i]?.Hash ?? DBNull.Value).ToArray(),
        });
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("expired", now - KeylessFingerprint.Window);
        // Prepared once per physical connection (kept across pool returns): the recursive CTE and
        // the triggers' plans are not parsed and planned again for every group.
        await command.PrepareAsync(cancellationToken);
        var attached = new Dictionary<string, (string? Person, string? Unresolved)>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                attached[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        // In the order given (RETURNING promises none): callers and the feed see the events as they came.
        List<Event> stored = [.. events.Where(e => attached.ContainsKey(e.Id))
            .Select(e => ToEntity(workspaceId, e, attached[e.Id].Person, attached[e.Id].Unresolved))];
        return stored;
    }

    /// <summary>Key → the event each claimed fingerprint names (read in a statement of its own, so it sees claims committed while the insert waited).</summary>
    internal static async Task<Dictionary<string, string>> FindFingerprintedAsync(NpgsqlConnection connection, IReadOnlyList<KeylessFingerprint> fingerprints,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT f.api_key_id, f.fingerprint, f.event_id FROM event_fingerprints f
            JOIN unnest(@fp_key, @fp) AS c(api_key, fp) ON f.api_key_id = c.api_key AND f.fingerprint = c.fp
            """, connection);
        command.Parameters.AddWithValue("fp_key", fingerprints.Select(f => f.ApiKeyId).ToArray());
        command.Parameters.AddWithValue("fp", fingerprints.Select(f => f.Hash).ToArray());
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            found[new KeylessFingerprint(reader.GetString(0), reader.GetFieldValue<byte[]>(1)).Key] = reader.GetString(2);
        return found;
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };

    /// <summary>
    /// Straight into <c>events</c> with one binary COPY under a savepoint, so a batch of new keys (the
    /// usual case) is written once. A key stored before fails the COPY as a whole; the savepoint
    /// undoes it and the batch goes through a staging table and <c>ON CONFLICT DO NOTHING</c>.
    /// </summary>
    private static async Task<HashSet<string>> InsertThroughCopyAsync(NpgsqlConnection connection, List<Event> rows, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "SAVEPOINT events_copy", cancellationToken);
        try
        {
            await CopyAsync(connection, "events", rows, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A repeated idempotency key (replay or redelivery): nothing of the COPY stays.
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT events_copy; RELEASE SAVEPOINT events_copy", cancellationToken);
            return await InsertThroughStageAsync(connection, rows, cancellationToken);
        }
        await ExecuteAsync(connection, "RELEASE SAVEPOINT events_copy", cancellationToken);
        return rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<HashSet<string>> InsertThroughStageAsync(NpgsqlConnection connection, List<Event> rows, CancellationToken cancellationToken)
    {
        // ON COMMIT DROP cleans up after the owner's commit; the explicit DROP below lets a
        // consumer's shared transaction stage more than once.
        await ExecuteAsync(connection, """
            CREATE TEMP TABLE events_stage (
                id text, workspace_id text, organization_id text, person_id text, type text, channel text, source text,
                payload jsonb, ts timestamptz, metadata jsonb, idempotency_key text, unresolved_person_id text) ON COMMIT DROP
            """, cancellationToken);
        await CopyAsync(connection, "events_stage", rows, cancellationToken);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO events ({Columns}) SELECT {Columns} FROM events_stage
            ON CONFLICT (workspace_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING id
            """, connection);
        var ids = await ReadIdsAsync(insert, cancellationToken);
        await ExecuteAsync(connection, "DROP TABLE events_stage", cancellationToken);
        return ids;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<Event> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(r.Id, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(r.WorkspaceId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, r.OrganizationId, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, r.PersonId, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(r.Type, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, r.Channel, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(r.Source, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(r.Payload, NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(r.Ts, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(writer, r.Metadata, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(writer, r.IdempotencyKey, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, r.UnresolvedPersonId, NpgsqlDbType.Text, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);

    private static async Task<HashSet<string>> ReadIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Outbox rows in the events' own transaction: classification is durable work, never fire-and-forget.</summary>
    private static async Task EnqueueClassificationAsync(NpgsqlConnection connection, List<Event> stored, TimeProvider clock, CancellationToken cancellationToken)
    {
        var requests = stored.Where(e => EventText.IsTextBearing(e.Type, e.Payload))
            .Select(e => (new EventClassificationRequested(e.Id, e.WorkspaceId), (string?)e.WorkspaceId)).ToList();
        await Outbox.EnqueueManyAsync(connection, StreamNames.IntakeEmbed, requests, clock, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} committed events to the live feed failed")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception, int count);
}
