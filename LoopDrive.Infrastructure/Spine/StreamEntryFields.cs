namespace LoopDrive.Infrastructure.Spine;

/// <summary>The field names of a spine stream entry (and the extra ones of a dead letter).</summary>
public static class StreamEntryFields
{
    public const string MessageId = "message_id";
    public const string Type = "type";
    public const string Payload = "payload";
    public const string WorkspaceId = "workspace_id";
    public const string TraceParent = "traceparent";
    /// <summary>Unix milliseconds when the outbox row was written.</summary>
    public const string EnqueuedAt = "enqueued_at";

    public const string Error = "error";
    public const string Deliveries = "deliveries";
    public const string SourceEntryId = "source_entry_id";
    public const string Group = "group";
    public const string DeadAt = "dead_at";
}
