using System.Diagnostics;
using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;

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
}
