namespace LoopDrive.Contracts.Spine;

/// <summary>The <c>ops.ping</c> stream message: mark this ping handled.</summary>
public sealed record PingRequested(string PingId, string WorkspaceId);
