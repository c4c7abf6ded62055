using System.Security.Claims;
using System.Text.Json;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Budget.Insights;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ProfileContract = LoopDrive.Contracts.Budget.BudgetProfile;
using AlertContract = LoopDrive.Contracts.Budget.SpendAlert;

namespace LoopDrive.Api.Budget;

internal static partial class BudgetApi
{
    private static void MapInsights(RouteGroupBuilder budget)
    {
        budget.MapPost("/profiles", CreateProfile).WithKeylessDedupe().WithName("CreateBudgetProfile");
        budget.MapGet("/profiles", ListProfiles).WithName("ListBudgetProfiles");
        budget.MapGet("/dashboard/{workspaceId}", Dashboard).WithName("BudgetDashboard");
        budget.MapGet("/alerts", ListAlerts).WithName("ListSpendAlerts");
        budget.MapPost("/alerts/{id}/acknowledge", Acknowledge).WithName("AcknowledgeSpendAlert");
        budget.MapGet("/performance/{channel}", Performance).WithName("ChannelPerformance");
    }

    public static async Task<Results<Created<ProfileContract>, ValidationProblem, ProblemHttpResult>> CreateProfile(
        ProfileCreate body, ClaimsPrincipal user, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(body.WorkspaceId, user) is { } forbidden) return forbidden;
        var errors = new FieldErrors();
        errors.Required("name", body.Name, 200);
        if (body.Objectives is not { Count: > 0 }) errors.Add("objectives", "At least one objective type.");
        foreach (var o in (body.Objectives ?? []).Where(o => !BudgetEnums.ObjectiveTypes.Contains(o)))
            errors.Add("objectives", $"Unknown objective {o}.");
        errors.JsonObject("metadata", body.Metadata);
        // A profile's constraints are checked as a plan would check them, with a placeholder objective.
        var planErrors = ValidatePlan(new BudgetAllocationRequest(null, null, [new AllocationObjective("nurture", 5, "roas")], body.Constraints), body.Constraints);
        foreach (var (field, messages) in planErrors.All)
            foreach (var m in messages) errors.Add(field, m);
        if (errors.Any) return Problems.Invalid(errors.All);
        var now = clock.GetUtcNow();
        var profile = new Core.Budget.BudgetProfile
        {
            Id = Ids.New(IdPrefixes.Profile, clock),
            WorkspaceId = user.WorkspaceId(),
            Name = body.Name!.Trim(),
            Objectives = JsonSerializer.Serialize(body.Objectives, PlanMapping.Json),
            Constraints = JsonSerializer.Serialize(body.Constraints, PlanMapping.Json),
            Metadata = JsonText.From(body.Metadata),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.BudgetProfiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/budget/profiles/{profile.Id}", ToContract(profile));
    }

    public static async Task<Results<Ok<ProfileContract[]>, ProblemHttpResult>> ListProfiles(
        string? workspaceId, ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var rows = await db.BudgetProfiles.AsNoTracking().OrderByDescending(p => p.CreatedAt).Take(Paging.MaxLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ToContract).ToArray());
    }

    public static async Task<Results<Ok<BudgetDashboard>, ValidationProblem, ProblemHttpResult>> Dashboard(
        string workspaceId, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, BuildDashboard dashboard, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start > end) return Problems.Invalid("from", "Must not be after to.");
        return TypedResults.Ok(await dashboard.HandleAsync(workspaceId, start, end, cancellationToken));
    }

    public static async Task<Results<Ok<AlertContract[]>, ProblemHttpResult>> ListAlerts(
        string? workspaceId, bool? acknowledged, ClaimsPrincipal user, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var rows = await db.SpendAlerts.AsNoTracking().Where(a => acknowledged == null || a.Acknowledged == acknowledged)
            .OrderByDescending(a => a.CreatedAt).Take(Paging.MaxLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(BudgetInsightMapping.ToContract).ToArray());
    }

    /// <summary>Idempotent: acknowledging again answers the alert as first acknowledged.</summary>
    public static async Task<Results<Ok<AlertContract>, ProblemHttpResult>> Acknowledge(
        string id, ClaimsPrincipal user, LoopDriveDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var alert = await db.SpendAlerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null) return Problems.NotFound("alert");
        if (!alert.Acknowledged)
        {
            alert.Acknowledged = true;
            alert.AcknowledgedBy = user.ApiKeyId();
            alert.AcknowledgedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(BudgetInsightMapping.ToContract(alert));
    }

    public static async Task<Results<Ok<ChannelPerformanceHistory>, ValidationProblem, ProblemHttpResult>> Performance(
        string channel, string? workspaceId, DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, ChannelPerformanceReport report,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        if (!BudgetEnums.Channels.Contains(channel)) return Problems.Invalid("channel", "Unknown channel; one of: " + string.Join(", ", BudgetEnums.Channels) + ".");
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start > end) return Problems.Invalid("from", "Must not be after to.");
        return TypedResults.Ok(await report.HandleAsync(user.WorkspaceId(), channel,
            DateOnly.FromDateTime(start.UtcDateTime), DateOnly.FromDateTime(end.UtcDateTime), cancellationToken));
    }

    private static ProfileContract ToContract(Core.Budget.BudgetProfile p) => new(
        p.Id, p.WorkspaceId, p.Name, JsonSerializer.Deserialize<string[]>(p.Objectives) ?? [], JsonText.ParseRequired(p.Constraints),
        p.CreatedAt, p.UpdatedAt, JsonText.Parse(p.Metadata));
}
