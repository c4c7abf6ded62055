using LoopDrive.Core.Common;

namespace LoopDrive.Core.Sends;

/// <summary>One step in a send's life (queued, deferred, sent, delivered, opened, bounced, …). Provider events carry their provider id, unique per send, so a webhook delivered twice is stored once.</summary>
public sealed class SendEvent : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string SendId { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }
    public string? ProviderEventId { get; init; }
    public string? Code { get; init; }
    public string? Detail { get; init; }
    public DateTimeOffset At { get; init; }
}
