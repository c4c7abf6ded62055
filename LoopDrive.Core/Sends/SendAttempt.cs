using LoopDrive.Core.Common;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The record of one provider call, committed on its own connection before the call. A row left in
/// <c>started</c> means the worker died between the call and recording the result: the send is
/// then <c>unknown</c> and reconciled, never called again.
/// </summary>
public sealed class SendAttempt : IWorkspaceScoped
{
    public required string SendId { get; init; }
    public required int Number { get; init; }
    public required string WorkspaceId { get; init; }
    /// <summary><c>started</c>, <c>accepted</c>, <c>rejected</c> (permanent), <c>retryable</c> or <c>unknown</c>.</summary>
    public required string Outcome { get; set; }
    public required string Provider { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? ExternalId { get; set; }
    public string? ErrorCode { get; set; }
}
