using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// One relay pass: take the oldest outbox rows off the table in one statement (a DELETE that skips
/// rows another relay replica holds), XADD them to their streams in one pipelined batch, and commit.
/// Rows Redis did not take go back in the same transaction, unchanged but for the attempt and the
/// error. A crash between XADD and commit rolls the delete back, so the rows are sent again later;
/// consumers' inboxes absorb the duplicate.
/// </summary>
/// <remarks>
/// The outbox holds only what is still to be sent. Relayed rows used to stay, stamped with the
/// time: the stamp was an UPDATE of an indexed column, so every row relayed wrote a whole new row
/// version and two index entries on the very pages writers were inserting into. A delete writes
/// neither. The durable copy of a relayed message is its stream entry and, once handled, the
/// consumer's effect and inbox row.
/// </remarks>
public sealed partial class OutboxRelay(
    NpgsqlDataSource database,
    IConnectionMultiplexer redis,
    IOptions<SpineOptions> options,
    SpineTelemetry telemetry,
    TimeProvider clock,
    ILogger<OutboxRelay> logger)
{
    /// <summary>Pub/sub channel the relay announces a stream name on after adding entries to it.</summary>
    public const string WakeChannel = "loopdrive:spine:wake";

    private const int MaxErrorLength = 1000;

    private readonly RelayScanFloor _floor = new(clock, options.Value.RelaySweepInterval);

    /// <returns>How many rows reached Redis, once their delete is committed.</returns>
    /// <exception cref="SpineTransportException">No claimed row reached Redis; the caller backs off.</exception>
    public Task<int> RelayOnceAsync(CancellationToken cancellationToken) => RelayOnceAsync(afterPublish: null, cancellationToken);

    /// <param name="afterPublish">
    /// Runs after the XADDs and before the pass commits its delete. Tests throw from it to play a relay
    /// that dies at the worst moment: entries are in Redis, the rows are still in the outbox.
    /// </param>
    internal async Task<int> RelayOnceAsync(Func<CancellationToken, Task>? afterPublish, CancellationToken cancellationToken)
    {
        var pass = await StartPassAsync(afterPublish, cancellationToken);
        await pass.Committed;
        return pass.Sent;
    }

    /// <summary>
    /// Claims, XADDs and starts the commit of the delete without waiting for it: the loop claims the
    /// next rows on another connection meanwhile (the uncommitted rows are locked, so SKIP LOCKED
    /// passes them by). A commit that fails leaves rows in Redis and in the outbox; they are sent again
    /// and consumers' inboxes absorb the duplicate, as after a crash.
    /// </summary>
    /// <exception cref="SpineTransportException">No claimed row reached Redis; the caller backs off.</exception>
    public async Task<RelayPass> StartPassAsync(Func<CancellationToken, Task>? afterPublish, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var connection = await database.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            var (rows, snapshot) = await ClaimAsync(connection, transaction, settings.RelayBatchSize, _floor.NextScanStart(), cancellationToken);
            _floor.Observe(snapshot, rows.Count, full: rows.Count >= settings.RelayBatchSize, rows.Count > 0 ? rows[^1].Id : 0);
            if (rows.Count == 0) return new RelayPass(0, Task.CompletedTask);

            var failures = await PublishAsync(rows, settings, cancellationToken);
            var sent = rows.Where((_, i) => failures[i] is null).ToList();

            if (afterPublish is not null)
            {
                try
                {
                    await afterPublish(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    await RecordFailuresAsync(connection, rows.Select(r => r.Id).ToArray(), Describe(ex), cancellationToken);
                    throw;
                }
            }

            var refused = rows.Select((row, i) => (row, error: failures[i])).Where(x => x.error is not null).ToList();
            if (refused.Count > 0)
            {
                _floor.Reset();
                await ReturnAsync(connection, transaction, refused.Select(x => x.row).ToList(), refused.Select(x => x.error!).ToList(), cancellationToken);
            }

            if (sent.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                LogRelayFailed(logger, rows.Count, refused[0].error!.Split(':')[0]);
                throw new SpineTransportException($"None of {rows.Count} outbox rows reached Redis.");
            }

            var committed = CommitAsync(connection, transaction, sent);
            connection = null;
            return new RelayPass(sent.Count, committed);
        }
        catch
        {
            // The claimed rows went back into the outbox, possibly below a floor this pass moved up.
            _floor.Reset();
            throw;
        }
        finally
        {
            if (connection is not null)
            {
                if (transaction is not null) await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Commits a pass's delete and returns its connection to the pool; owns both from here on.</summary>
    private async Task CommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<OutboxRow> sent)
    {
        await using (connection)
        await using (transaction)
        {
            try
            {
                // Not cancellable: rows already in Redis are better gone from the outbox even during shutdown.
                await transaction.CommitAsync(CancellationToken.None);
            }
            catch
            {
                _floor.Reset();
                throw;
            }
        }
        foreach (var perStream in sent.GroupBy(r => r.Stream))
            telemetry.Relayed(perStream.Key, perStream.Count());
    }

    /// <summary>Deletes inbox rows past their retention, a bounded chunk at a time.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var inbox = new NpgsqlCommand(
            "DELETE FROM processed_messages WHERE ctid IN (SELECT ctid FROM processed_messages WHERE processed_at < $1 LIMIT 10000)", connection);
        inbox.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - settings.InboxRetention });
        return await inbox.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Claims in one round trip: a pass is claim, XADD, commit. A row Redis refuses is put back by
    /// <see cref="ReturnAsync"/>.
    /// </summary>
    private static async Task<(List<OutboxRow> Rows, ClaimSnapshot Snapshot)> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int batchSize, long scanFrom, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                // Deleting rows sent need not wait for the disk: if a crash loses the delete, the rows
                // are sent again and every consumer's inbox absorbs the duplicate. Waiting for the
                // flush delayed every next pass, so it sat in the hand-off latency of every message.
                new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO OFF"),
                // Every claimed row leaves a dead entry in the primary key until vacuum. A bitmap scan
                // visits each of them in the heap on every pass (tens of milliseconds once a few
                // thousand pile up); an ordered index scan marks them dead on its first visit and
                // skips them after, and needs no sort.
                new NpgsqlBatchCommand("SET LOCAL enable_bitmapscan TO OFF"),
                // What the scan floor needs, read before the claim so the claim sees at least as much:
                // the last outbox id handed out, then a transaction id of this pass's own, which is
                // newer than that of every transaction that drew one of those ids (a snapshot's xmax
                // is not: it is one past the newest *ended* transaction).
                new NpgsqlBatchCommand("SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox', 'id')::regclass), 0)"),
                new NpgsqlBatchCommand("SELECT pg_current_xact_id()::text::bigint, pg_snapshot_xmin(pg_current_snapshot())::text::bigint"),
                new NpgsqlBatchCommand("""
                    DELETE FROM outbox o
                    USING (SELECT id FROM outbox WHERE id >= $2 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) claimed
                    WHERE o.id = claimed.id
                    RETURNING o.id, o.message_id, o.stream, o.type, o.payload::text, o.workspace_id, o.trace_parent, o.created_at, o.attempts
                    """)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<int> { TypedValue = batchSize },
                        new NpgsqlParameter<long> { TypedValue = scanFrom },
                    },
                },
            },
        };
        var rows = new List<OutboxRow>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var lastAllocatedId = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var snapshot = new ClaimSnapshot(OldestRunningXid: reader.GetInt64(1), NextXid: reader.GetInt64(0) + 1, lastAllocatedId);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetInt32(8)));
        }
        // RETURNING has no order; streams get their entries in outbox order.
        rows.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return (rows, snapshot);
    }

    /// <returns>Per row, null when Redis took it, else the error.</returns>
    private async Task<string?[]> PublishAsync(List<OutboxRow> rows, SpineOptions settings, CancellationToken cancellationToken)
    {
        var failures = new string?[rows.Count];
        if (!redis.IsConnected)
        {
            Array.Fill(failures, "RedisConnectionException: Redis is not connected");
            return failures;
        }

        var batch = redis.GetDatabase().CreateBatch();
        var adds = new Task<RedisValue>[rows.Count];
        var spans = StartPublishSpans(rows);
        for (var i = 0; i < rows.Count; i++)
            adds[i] = batch.StreamAddAsync(rows[i].Stream, rows[i].ToEntry(), maxLength: settings.StreamMaxLength, useApproximateMaxLength: true);
        var streams = rows.Select(r => r.Stream).Distinct().ToList();
        foreach (var stream in streams)
            _ = batch.PublishAsync(RedisChannel.Literal(WakeChannel), stream, CommandFlags.FireAndForget);
        batch.Execute();

        for (var i = 0; i < adds.Length; i++)
        {
            try
            {
                await adds[i].WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                failures[i] = Describe(ex);
                spans?[i]?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            }
            spans?[i]?.Stop();
        }
        return failures;
    }

    /// <summary>
    /// One producer span per row, child of the request that wrote it (its stored traceparent), so
    /// a trace runs request → relay → consumer. Null when nobody listens: the hot path pays nothing.
    /// </summary>
    private static Activity?[]? StartPublishSpans(List<OutboxRow> rows)
    {
        if (!SpineTelemetry.ActivitySource.HasListeners()) return null;
        var previous = Activity.Current;
        var spans = new Activity?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (!ActivityContext.TryParse(rows[i].TraceParent, null, out var parent)) continue;
            spans[i] = SpineTelemetry.ActivitySource.StartActivity(rows[i].Stream + " publish", ActivityKind.Producer, parent)
                ?.SetTag("messaging.system", "redis")
                .SetTag("messaging.destination.name", rows[i].Stream)
                .SetTag("messaging.message.id", rows[i].MessageId);
            // Each span is its own root in this process; none may become the ambient parent of the next.
            Activity.Current = previous;
        }
        return spans;
    }

    /// <summary>
    /// Rows deleted in this transaction that Redis did not take: back into the outbox under their
    /// own ids (so they keep their place in line), with the attempt and the error recorded.
    /// </summary>
    private static async Task ReturnAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<OutboxRow> rows, List<string> errors, CancellationToken cancellationToken)
    {
        await using var putBack = new NpgsqlCommand("""
            INSERT INTO outbox (id, message_id, stream, type, payload, workspace_id, trace_parent, created_at, attempts, last_error)
            OVERRIDING SYSTEM VALUE
            SELECT u.id, u.message_id, u.stream, u.type, u.payload::jsonb, u.workspace_id, u.trace_parent, u.created_at, u.attempts + 1, u.last_error
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                AS u(id, message_id, stream, type, payload, workspace_id, trace_parent, created_at, attempts, last_error)
            """, connection, transaction);
        putBack.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(r => r.Id)] });
        putBack.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.MessageId)] });
        putBack.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Stream)] });
        putBack.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Type)] });
        putBack.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Payload)] });
        putBack.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. rows.Select(r => r.WorkspaceId)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        putBack.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. rows.Select(r => r.TraceParent)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        putBack.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. rows.Select(r => r.CreatedAt)] });
        putBack.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. rows.Select(r => r.Attempts)] });
        putBack.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. errors] });
        await putBack.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>After a rolled-back pass: the rows stay unsent, with the attempt and the error recorded.</summary>
    private static async Task RecordFailuresAsync(NpgsqlConnection connection, long[] ids, string error, CancellationToken cancellationToken)
    {
        await using var record = new NpgsqlCommand(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)", connection);
        record.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error, NpgsqlDbType = NpgsqlDbType.Text });
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Describe(Exception ex)
    {
        var text = ex.GetType().Name + ": " + ex.Message;
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay could not hand {Count} outbox rows to Redis ({ErrorType}); they stay unsent and are retried")]
    private static partial void LogRelayFailed(ILogger logger, int count, string errorType);

    private sealed record OutboxRow(
        long Id, string MessageId, string Stream, string Type, string Payload, string? WorkspaceId, string? TraceParent, DateTimeOffset CreatedAt, int Attempts)
    {
        public NameValueEntry[] ToEntry()
        {
            var fields = new List<NameValueEntry>(6)
            {
                new(StreamEntryFields.MessageId, MessageId),
                new(StreamEntryFields.Type, Type),
                new(StreamEntryFields.Payload, Payload),
                new(StreamEntryFields.EnqueuedAt, CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            };
            if (WorkspaceId is not null) fields.Add(new(StreamEntryFields.WorkspaceId, WorkspaceId));
            if (TraceParent is not null) fields.Add(new(StreamEntryFields.TraceParent, TraceParent));
            return [.. fields];
        }
    }
}

/// <summary>A relay pass whose rows are in Redis; <see cref="Committed"/> completes when their delete is.</summary>
public readonly record struct RelayPass(int Sent, Task Committed);
