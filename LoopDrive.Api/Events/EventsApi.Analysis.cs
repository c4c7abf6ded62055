using System.Security.Claims;
using LoopDrive.Api.People;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Events;
using LoopDrive.Core.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoopDrive.Api.Events;

internal static partial class EventsApi
{
    private const int MaxLookbackDays = 365;

    private static void MapAnalysis(RouteGroupBuilder events)
    {
        events.MapPost("/funnel", Funnel).WithName("EventFunnel");
        events.MapGet("/attribution/summary", AttributionSummaryReport).WithName("AttributionSummary");
        events.MapGet("/{id}/attribution", Attribution).WithName("EventAttribution");
    }

    public static async Task<Results<Ok<FunnelResult>, ValidationProblem, ProblemHttpResult>> Funnel(
        FunnelRequest body, ClaimsPrincipal user, RunFunnel funnel, CancellationToken cancellationToken)
    {
        if (PersonApi.WorkspaceMismatch(body.WorkspaceId, user) is { } forbidden) return forbidden;
        var errors = new FieldErrors();
        if (body.Steps is not { Count: >= 2 and <= RunFunnel.MaxSteps })
            errors.Add("steps", $"Between 2 and {RunFunnel.MaxSteps} event types, in order.");
        else
            foreach (var step in body.Steps)
                if (!EventRules.IsValidType(step)) errors.Add("steps", $"'{step}' is not a lower-case dotted event type.");
        if (body.WindowSeconds is < 1 or > 366L * 86400) errors.Add("windowSeconds", "From 1 second to 366 days.");
        if (body.DateFrom > body.DateTo) errors.Add("dateFrom", "Must not be after dateTo.");
        if (body.Breakdown is not null && body.Breakdown != "channel") errors.Add("breakdown", "Unknown value; one of: channel.");
        if (errors.Any) return Problems.Invalid(errors.All);

        var window = body.WindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : RunFunnel.DefaultWindow;
        var result = await funnel.HandleAsync(user.WorkspaceId(), body.Steps!, body.PersonId, body.DateFrom, body.DateTo, window,
            body.Breakdown == "channel", cancellationToken);
        return TypedResults.Ok(new FunnelResult(
            [.. result.Steps.Select(ToContract)],
            (long)window.TotalSeconds,
            body.Breakdown == "channel" ? [.. result.ByChannel.Select(b => new FunnelBreakdown(b.Channel, [.. b.Steps.Select(ToContract)]))] : null));
    }

    private static FunnelStep ToContract(RunFunnel.Step s) => new(s.Event, s.Count, s.ConversionRate, s.StepRate, s.MedianSecondsFromPrevious);

    /// <summary>D18 with our parameters: <c>lookbackDays</c> (default 30) and <c>halfLifeDays</c> for time decay (default 7).</summary>
    public static async Task<Results<Ok<Attribution>, ValidationProblem, ProblemHttpResult>> Attribution(
        string id, string? model, int? lookbackDays, double? halfLifeDays, ClaimsPrincipal user, AttributeConversion attribute,
        CancellationToken cancellationToken)
    {
        var chosen = model ?? AttributionModels.Linear;
        if (ValidateAttribution(chosen, lookbackDays, halfLifeDays) is { } invalid) return invalid;
        var halfLife = halfLifeDays is { } h ? TimeSpan.FromDays(h) : AttributionModels.DefaultHalfLife;
        var lookback = lookbackDays ?? AttributionModels.DefaultLookbackDays;
        var result = await attribute.HandleAsync(user.WorkspaceId(), id, chosen, lookback, halfLife, cancellationToken);
        if (result is null) return Problems.NotFound("event");
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        var shares = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < result.Touchpoints.Count; i++)
        {
            weights[result.Touchpoints[i].Id] = result.Weights[i];
            shares[result.Touchpoints[i].Id] = result.RevenueShares[i];
        }
        return TypedResults.Ok(new Attribution(result.Conversion.ToContract(), [.. result.Touchpoints.Select(t => t.ToContract())],
            chosen, weights, result.Revenue, result.Currency, shares, lookback,
            chosen == AttributionModels.TimeDecay ? halfLife.TotalDays : null));
    }

    /// <summary>Our addition: conversions and revenue credited per channel, objective and snippet over [from, to] (default: the last 30 days).</summary>
    public static async Task<Results<Ok<AttributionSummary>, ValidationProblem, ProblemHttpResult>> AttributionSummaryReport(
        string? model, DateTimeOffset? from, DateTimeOffset? to, int? lookbackDays, double? halfLifeDays, string? workspaceId,
        ClaimsPrincipal user, SummarizeAttribution summarize, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PersonApi.WorkspaceMismatch(workspaceId, user) is { } forbidden) return forbidden;
        var chosen = model ?? AttributionModels.Linear;
        if (ValidateAttribution(chosen, lookbackDays, halfLifeDays) is { } invalid) return invalid;
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end - DefaultStatsRange;
        if (start > end) return Problems.Invalid("from", "Must not be after to.");
        var halfLife = halfLifeDays is { } h ? TimeSpan.FromDays(h) : AttributionModels.DefaultHalfLife;
        var report = await summarize.HandleAsync(user.WorkspaceId(), chosen, start, end,
            lookbackDays ?? AttributionModels.DefaultLookbackDays, halfLife, cancellationToken);
        static List<AttributionRow> Rows(IReadOnlyList<SummarizeAttribution.Row> rows) =>
            [.. rows.Select(r => new AttributionRow(r.Key, r.Conversions, r.Revenue, r.Touchpoints))];
        return TypedResults.Ok(new AttributionSummary(report.Model, report.From, report.To, report.Conversions, report.Revenue,
            report.UnattributedConversions, Rows(report.ByChannel), Rows(report.ByObjective), Rows(report.BySnippet)));
    }

    private static ValidationProblem? ValidateAttribution(string model, int? lookbackDays, double? halfLifeDays)
    {
        var errors = new FieldErrors();
        errors.OneOf("model", model, EventEnums.AttributionModels);
        if (lookbackDays is < 1 or > MaxLookbackDays) errors.Add("lookbackDays", $"From 1 to {MaxLookbackDays}.");
        errors.Between("halfLifeDays", halfLifeDays, 0.01, 365);
        return errors.Any ? Problems.Invalid(errors.All) : null;
    }
}
