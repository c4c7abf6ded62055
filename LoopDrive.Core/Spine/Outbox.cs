using System.Diagnostics;
using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Core.Spine;

/// <summary>
/// Queues follow-up work on the caller's DbContext: the message is saved by the same
/// <c>SaveChangesAsync</c> (and so the same transaction) as the state change that caused it.
/// Nothing is sent here; the relay does that after commit.
/// </summary>
public sealed class Outbox(LoopDriveDbContext db, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The message id consumers deduplicate on.</returns>
    public string Enqueue<TMessage>(string stream, TMessage message, string? workspaceId)
        where TMessage : notnull
    {
        var messageId = Ids.New(IdPrefixes.Message, clock);
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = messageId,
            Stream = stream,
            Type = typeof(TMessage).Name,
            Payload = JsonSerializer.Serialize(message, Json),
            WorkspaceId = workspaceId,
            TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null,
            CreatedAt = clock.GetUtcNow(),
        });
        return messageId;
    }

    /// <summary>
    /// Many messages in one statement on a raw connection (hot paths that write without EF), in the
    /// caller's transaction. Each gets its own message id; the current trace travels with all.
    /// </summary>
    public static async Task EnqueueManyAsync<TMessage>(NpgsqlConnection connection, string stream,
        IReadOnlyList<(TMessage Message, string? WorkspaceId)> messages, TimeProvider clock, CancellationToken cancellationToken)
        where TMessage : notnull
    {
        if (messages.Count == 0) return;
        var trace = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
        await using var command = new NpgsqlCommand("""
            INSERT INTO outbox (message_id, stream, type, payload, workspace_id, trace_parent, created_at, attempts)
            SELECT u.message_id, @stream, @type, u.payload::jsonb, u.ws, @trace, @now, 0
            FROM unnest(@message_id, @payload, @ws) AS u(message_id, payload, ws)
            """, connection);
        command.Parameters.AddWithValue("stream", stream);
        command.Parameters.AddWithValue("type", typeof(TMessage).Name);
        command.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)trace ?? DBNull.Value });
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("message_id", messages.Select(_ => Ids.New(IdPrefixes.Message, clock)).ToArray());
        command.Parameters.AddWithValue("payload", messages.Select(m => JsonSerializer.Serialize(m.Message, Json)).ToArray());
        command.Parameters.Add(new NpgsqlParameter("ws", NpgsqlDbType.Array | NpgsqlDbType.Text)
            { Value = messages.Select(m => (object?)m.WorkspaceId ?? DBNull.Value).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
