namespace LoopDrive.Core.Sends;

/// <summary>
/// A reaction of the simulated audience that the sandbox provider still owes as a signed webhook.
/// Kept in PostgreSQL, not in memory, so a worker restart delivers what was promised; the row is
/// removed once the API's webhook route has acknowledged the delivery.
/// </summary>
public sealed class PendingSandboxWebhook
{
    public long Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string SendId { get; init; }
    public required string Channel { get; init; }
    /// <summary>One of <see cref="SandboxReactions"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>The address the message went to (personal data, never logged).</summary>
    public required string Recipient { get; init; }
    /// <summary>The id the sandbox gave the message, as a real provider's webhook carries it.</summary>
    public required string ExternalId { get; init; }
    public string? ReplyText { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset DueAt { get; set; }
    public int Attempts { get; set; }
}
