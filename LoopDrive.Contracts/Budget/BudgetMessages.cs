namespace LoopDrive.Contracts.Budget;

/// <summary>Stream message on <c>budget.execute</c>: reserve an approved allocation's envelopes.</summary>
public sealed record ExecuteAllocationMessage(string WorkspaceId, string AllocationId, string ExecutionId);
