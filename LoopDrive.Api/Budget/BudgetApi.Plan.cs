using System.Security.Claims;
using System.Text.Json;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Api.Budget;

internal static partial class BudgetApi
{
    private static void MapPlan(RouteGroupBuilder budget) =>
        budget.MapPost("/plan", Plan).WithKeylessDedupe().WithName("PlanBudget");

    /// <summary>
    /// 400 for malformed constraints (named per field), 422 <c>constraints_unsatisfiable</c> when
    /// valid constraints admit no plan (the <c>constraint</c> field says which), otherwise the plan.
    /// </summary>
    public static async Task<Results<Ok<AllocationPlan>, ValidationProblem, ProblemHttpResult>> Plan(
        BudgetAllocationRequest body, ClaimsPrincipal user, PlanBudget plan, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(body.WorkspaceId, user) is { } forbidden) return forbidden;
        var constraints = body.Constraints;
        if (constraints is null && body.ProfileId is not null)
        {
            var profile = await db.BudgetProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == body.ProfileId, cancellationToken);
            if (profile is null) return Problems.Invalid("profileId", "No budget profile with that id in this workspace.");
            constraints = JsonSerializer.Deserialize<AllocationConstraints>(profile.Constraints, PlanMapping.Json);
        }
        var errors = ValidatePlan(body, constraints);
        if (errors.Any) return Problems.Invalid(errors.All);
        var c = constraints!;
        var result = await plan.HandleAsync(new PlanBudget.Request(
            user.WorkspaceId(), body.ProfileId, body.Strategy ?? "bandit", body.DryRun ?? false,
            [.. body.Objectives!.Select(o => new PlanObjective(o.Type!, o.Priority!.Value, o.TargetMetric!, o.TargetValue, o.Weight))],
            new PlanConstraints(c.TotalBudget!.Value, c.Period!, c.MinBudgetPerChannel, c.MaxBudgetPerChannel,
                c.ChannelLimits ?? new Dictionary<string, long>(), c.MinROAS, c.BlacklistChannels ?? [], c.WhitelistChannels, c.TestBudgetPercent ?? 0),
            body.ManualSplit), cancellationToken);
        if (result.Refusal is { } refusal)
            return TypedResults.Problem(statusCode: 422, title: "Constraints cannot be met", detail: refusal.Reason,
                extensions: new Dictionary<string, object?> { ["code"] = "constraints_unsatisfiable", ["constraint"] = refusal.Constraint });
        return TypedResults.Ok(result.Plan!);
    }

    internal static FieldErrors ValidatePlan(BudgetAllocationRequest body, AllocationConstraints? c)
    {
        var errors = new FieldErrors();
        var channels = BudgetEnums.Channels;
        errors.OneOf("strategy", body.Strategy, BudgetEnums.Strategies, required: false);
        if (body.Objectives is not { Count: > 0 }) errors.Add("objectives", "At least one objective is required.");
        else
            for (var i = 0; i < body.Objectives.Count; i++)
            {
                var o = body.Objectives[i];
                errors.OneOf($"objectives[{i}].type", o.Type, BudgetEnums.ObjectiveTypes);
                errors.OneOf($"objectives[{i}].targetMetric", o.TargetMetric, BudgetEnums.TargetMetrics);
                if (o.Priority is not (>= 1 and <= 10)) errors.Add($"objectives[{i}].priority", "Required, an integer from 1 to 10.");
                if (o.Weight is { } w && (double.IsNaN(w) || w <= 0)) errors.Add($"objectives[{i}].weight", "Must be more than 0.");
            }
        if (c is null)
        {
            errors.Add("constraints", "Required (or a profileId whose constraints apply).");
            return errors;
        }
        if (c.TotalBudget is not > 0) errors.Add("constraints.totalBudget", "Required: cents, more than 0.");
        errors.OneOf("constraints.period", c.Period, BudgetEnums.Periods);
        if (c.MinBudgetPerChannel is < 0) errors.Add("constraints.minBudgetPerChannel", "Cents, 0 or more.");
        if (c.MaxBudgetPerChannel is <= 0) errors.Add("constraints.maxBudgetPerChannel", "Cents, more than 0.");
        if (c.MinBudgetPerChannel is { } min && c.MaxBudgetPerChannel is { } max && min > max)
            errors.Add("constraints.minBudgetPerChannel", "Must not exceed maxBudgetPerChannel.");
        errors.Between("constraints.testBudgetPercent", c.TestBudgetPercent, 0, 100);
        if (c.MinROAS is { } roas && (double.IsNaN(roas) || roas < 0)) errors.Add("constraints.minROAS", "Must be 0 or more.");
        foreach (var (field, list) in new[] { ("constraints.whitelistChannels", c.WhitelistChannels), ("constraints.blacklistChannels", c.BlacklistChannels) })
            foreach (var ch in (list ?? []).Where(ch => !channels.Contains(ch)))
                errors.Add(field, $"Unknown channel {ch}; one of: {string.Join(", ", channels)}.");
        var overlap = (c.WhitelistChannels ?? []).Intersect(c.BlacklistChannels ?? []).ToList();
        if (overlap.Count > 0) errors.Add("constraints.blacklistChannels", "Also whitelisted: " + string.Join(", ", overlap) + ".");
        foreach (var (ch, limit) in c.ChannelLimits ?? new Dictionary<string, long>())
        {
            if (!channels.Contains(ch)) errors.Add("constraints.channelLimits", $"Unknown channel {ch}.");
            else if (limit < 0) errors.Add($"constraints.channelLimits.{ch}", "Cents, 0 or more.");
        }
        if (body.Strategy == "manual")
        {
            if (body.ManualSplit is not { Count: > 0 }) errors.Add("manualSplit", "Required with the manual strategy: cents per channel.");
            foreach (var (ch, amount) in body.ManualSplit ?? new Dictionary<string, long>())
            {
                if (!channels.Contains(ch)) errors.Add("manualSplit", $"Unknown channel {ch}.");
                else if (amount < 0) errors.Add($"manualSplit.{ch}", "Cents, 0 or more.");
            }
        }
        return errors;
    }
}
