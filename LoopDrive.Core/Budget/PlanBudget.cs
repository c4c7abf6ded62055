using System.Text.Json;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Wire = LoopDrive.Contracts.Budget;

namespace LoopDrive.Core.Budget;

/// <summary>
/// Plans a budget: reads channel outcomes and consented audiences, runs the requested strategy
/// and, as alternatives, the others on the same request; stores the plan as an allocation
/// pending approval unless it is a dry run.
/// </summary>
public sealed class PlanBudget(LoopDriveDbContext db, IChannelOutcomeReader outcomes, IReachableAudience audience, TimeProvider clock)
{
    public const int LearningWindowDays = 90;

    public sealed record Request(string WorkspaceId, string? ProfileId, string Strategy, bool DryRun,
        IReadOnlyList<PlanObjective> Objectives, PlanConstraints Constraints, IReadOnlyDictionary<string, long>? ManualSplit);

    public sealed record Result(Wire.AllocationPlan? Plan, PlanRefusal? Refusal);

    public async Task<Result> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var history = await outcomes.ReadAsync(request.WorkspaceId, today.AddDays(-LearningWindowDays), today, cancellationToken);
        var reachable = await audience.CountAsync(request.WorkspaceId, now, cancellationToken);
        var seed = (int)(now.ToUnixTimeMilliseconds() & 0x7fffffff);
        PlanInput Input(string strategy) => new(strategy, request.Objectives, request.Constraints, history, reachable, request.ManualSplit, Seed: seed);

        var main = BudgetPlanner.Plan(Input(request.Strategy));
        if (main.Refusal is { } refusal) return new(null, refusal);

        var id = Ids.New(IdPrefixes.Allocation, clock);
        var requestId = Ids.New("req", clock);
        var alternatives = Wire.BudgetEnums.Strategies
            .Where(s => s != request.Strategy && (s != "manual" || request.ManualSplit is not null))
            .Select(s => (Strategy: s, Result: BudgetPlanner.Plan(Input(s))))
            .Where(a => a.Result.Plan is not null)
            .Select(a => a.Result.Plan!.ToContract(Ids.New(IdPrefixes.Allocation, clock), request.WorkspaceId, requestId, "draft", now))
            .ToList();
        var status = request.DryRun ? AllocationStatuses.Draft : AllocationStatuses.PendingApproval;
        var plan = main.Plan!.ToContract(id, request.WorkspaceId, requestId, status, now, alternatives);
        if (request.DryRun) return new(plan, null);

        db.BudgetAllocations.Add(new BudgetAllocation
        {
            Id = id,
            WorkspaceId = request.WorkspaceId,
            ProfileId = request.ProfileId,
            Status = status,
            Allocations = JsonSerializer.Serialize(plan.Channels, PlanMapping.Json),
            TotalBudget = plan.TotalBudget,
            PredictedRoas = plan.Predictions.AverageROAS,
            Strategy = request.Strategy,
            RequestId = requestId,
            Plan = JsonSerializer.Serialize(plan with { Alternatives = null }, PlanMapping.Json),
            Metadata = JsonSerializer.Serialize(new { period = request.Constraints.Period, objectives = request.Objectives.Select(o => o.Type) }, PlanMapping.Json),
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new(plan, null);
    }
}
