using LoopDrive.Contracts.Budget;

namespace LoopDrive.Web.Components.Pages.Budget;

/// <summary>A stored plan and the request that produced it, so an adjusted split can be re-planned with the same constraints.</summary>
public sealed record PlannedBudget(AllocationPlan Plan, BudgetAllocationRequest Request);
