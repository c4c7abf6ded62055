using LoopDrive.Core.Common;

namespace LoopDrive.Core.Budget;

public sealed class BudgetProfile : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }
    public required string Objectives { get; set; }
    public required string Constraints { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
