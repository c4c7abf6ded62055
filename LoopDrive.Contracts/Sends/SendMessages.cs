namespace LoopDrive.Contracts.Sends;

/// <summary>The <c>*.compose</c> stream message: write the content of this send, then gate it.</summary>
public sealed record ComposeSendRequested(string SendId, string WorkspaceId);

/// <summary>The <c>*.send</c> stream message: gate this send again and hand it to its provider.</summary>
public sealed record DispatchSendRequested(string SendId, string WorkspaceId);
