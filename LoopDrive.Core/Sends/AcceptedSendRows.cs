using LoopDrive.Core.Common;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Core.Sends;

/// <summary>
/// Stores accepted sends without EF: the sends, their first timeline entry and the outbox entries
/// of those due now go to the server as one batch of three array inserts — in the caller's
/// transaction when there is one, else as one implicit transaction — so many accepts cost one round trip. The rows are exactly what
/// <see cref="AcceptSend"/> adds to a context; each outbox entry carries the trace of the request
/// that accepted its send, so one trace still runs from the request to the provider.
/// </summary>
public static class AcceptedSendRows
{
    /// <summary>The first timeline entry of an accepted send: a bulk recipient the gate refused is skipped by the gate, any other send queued by the API.</summary>
    public static (string Type, string Source) Journal(Send send) =>
        send.Status == SendStatuses.Skipped ? (SendStatuses.Skipped, "gate") : (SendStatuses.Queued, "api");

    public static async Task InsertAsync(NpgsqlConnection connection, IReadOnlyList<(Send Send, string? TraceParent)> rows, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        var sends = rows.Select(r => r.Send).ToList();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(SendsInsert(sends));
        batch.BatchCommands.Add(JournalInsert(sends, now));
        var due = rows.Where(r => r.Send.Status == SendStatuses.Queued).ToList();
        if (due.Count > 0) batch.BatchCommands.Add(OutboxInsert(due, now));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand SendsInsert(List<Send> s)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO sends (id, workspace_id, person_id, channel, purpose, status, recipient, subject, body, html, brand_id, objective,
                from_name, from_address, reply_to, thread_id, utm_params, metadata, composition_id, bulk_job_id, scheduled_for,
                scheduled_by_caller, queued_at, sent_at, updated_at, external_id, error_code, error, price_cents, segments, gate_decisions)
            SELECT u.id, u.workspace_id, u.person_id, u.channel, u.purpose, u.status, u.recipient, u.subject, u.body, u.html, u.brand_id,
                u.objective, u.from_name, u.from_address, u.reply_to, u.thread_id, u.utm_params::jsonb, u.metadata::jsonb, NULL,
                u.bulk_job_id, u.scheduled_for, u.scheduled_by_caller, u.queued_at, NULL, u.updated_at, NULL, u.error_code, u.error,
                u.price_cents, u.segments, u.gate_decisions::jsonb
            FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
                $25, $26, $27, $28) AS u(id, workspace_id, person_id, channel, purpose, status, recipient, subject, body, html, brand_id,
                objective, from_name, from_address, reply_to, thread_id, utm_params, metadata, bulk_job_id, scheduled_for,
                scheduled_by_caller, queued_at, updated_at, error_code, error, price_cents, segments, gate_decisions)
            """);
        Text(command, s, x => x.Id);
        Text(command, s, x => x.WorkspaceId);
        Text(command, s, x => x.PersonId);
        Text(command, s, x => x.Channel);
        Text(command, s, x => x.Purpose);
        Text(command, s, x => x.Status);
        Text(command, s, x => x.Recipient);
        Text(command, s, x => x.Subject);
        Text(command, s, x => x.Body);
        Text(command, s, x => x.Html);
        Text(command, s, x => x.BrandId);
        Text(command, s, x => x.Objective);
        Text(command, s, x => x.FromName);
        Text(command, s, x => x.FromAddress);
        Text(command, s, x => x.ReplyTo);
        Text(command, s, x => x.ThreadId);
        Text(command, s, x => x.UtmParams);
        Text(command, s, x => x.Metadata);
        Text(command, s, x => x.BulkJobId);
        command.Parameters.Add(new NpgsqlParameter { Value = s.Select(x => x.ScheduledFor).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = s.Select(x => x.ScheduledByCaller).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = s.Select(x => x.QueuedAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = s.Select(x => x.UpdatedAt).ToArray() });
        Text(command, s, x => x.ErrorCode);
        Text(command, s, x => x.Error);
        command.Parameters.Add(new NpgsqlParameter { Value = s.Select(x => x.PriceCents).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = s.Select(x => x.Segments).ToArray() });
        Text(command, s, x => x.GateDecisions);
        return command;
    }

    private static NpgsqlBatchCommand JournalInsert(List<Send> sends, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO send_events (id, workspace_id, send_id, type, source, provider_event_id, code, detail, at)
            SELECT u.id, u.workspace_id, u.send_id, u.type, u.source, NULL, u.code, u.detail, $8
            FROM unnest($1, $2, $3, $4, $5, $6, $7) AS u(id, workspace_id, send_id, type, source, code, detail)
            """);
        var journal = sends.Select(Journal).ToList();
        Text(command, sends, _ => Ids.New(SendJournal.Prefix));
        Text(command, sends, x => x.WorkspaceId);
        Text(command, sends, x => x.Id);
        command.Parameters.Add(new NpgsqlParameter { Value = journal.Select(j => j.Type).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = journal.Select(j => j.Source).ToArray() });
        Text(command, sends, x => x.ErrorCode);
        Text(command, sends, x => x.Error);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return command;
    }

    private static NpgsqlBatchCommand OutboxInsert(List<(Send Send, string? TraceParent)> due, DateTimeOffset now)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO outbox (message_id, stream, type, payload, workspace_id, trace_parent, created_at, attempts)
            SELECT u.message_id, u.stream, u.type, u.payload::jsonb, u.workspace_id, u.trace_parent, $7, 0
            FROM unnest($1, $2, $3, $4, $5, $6) AS u(message_id, stream, type, payload, workspace_id, trace_parent)
            """);
        var messages = due.Select(d => (d.Send, d.TraceParent, Message: SendQueue.Describe(d.Send))).ToList();
        command.Parameters.Add(new NpgsqlParameter { Value = messages.Select(_ => Ids.New(IdPrefixes.Message)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Message.Stream).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Message.Type).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Message.Payload).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = messages.Select(m => m.Send.WorkspaceId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter(null, NpgsqlDbType.Array | NpgsqlDbType.Text)
            { Value = messages.Select(m => (object?)m.TraceParent ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        return command;
    }

    /// <summary>A text array parameter whose elements may be null.</summary>
    private static void Text<T>(NpgsqlBatchCommand command, List<T> rows, Func<T, string?> value) =>
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => (object?)value(r) ?? DBNull.Value).ToArray() });
}
