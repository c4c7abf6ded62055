using System.Security.Claims;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using LoopDrive.Infrastructure.Spine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Api.Ops;

/// <summary>Operations: queue health of the spine and an end-to-end ping through it.</summary>
internal static class OpsApi
{
    public static RouteGroupBuilder MapOpsApi(this RouteGroupBuilder api)
    {
        var ops = api.MapGroup("/ops").WithTags("Operations");
        ops.MapGet("/queues", GetQueues).WithName("GetQueues");
        ops.MapPost("/pings", CreatePing).WithName("CreatePing");
        ops.MapGet("/pings/{id}", GetPing).WithName("GetPing");
        return api;
    }

    public static async Task<Ok<QueueHealth>> GetQueues(IQueueMonitor monitor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitor.GetHealthAsync(cancellationToken));

    public static async Task<Accepted<Ping>> CreatePing(ClaimsPrincipal user, RequestPing requestPing, CancellationToken cancellationToken)
    {
        var ping = await requestPing.HandleAsync(user.WorkspaceId(), cancellationToken);
        return TypedResults.Accepted($"/api/ops/pings/{ping.Id}", ping.ToContract());
    }

    public static async Task<Results<Ok<Ping>, ProblemHttpResult>> GetPing(string id, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var ping = await db.OpsPings.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return ping is null ? Problems.NotFound("ping") : TypedResults.Ok(ping.ToContract());
    }

    private static Ping ToContract(this OpsPing p) => new(
        p.Id,
        p.HandledAt is null ? PingStatus.Pending : PingStatus.Handled,
        p.CreatedAt,
        p.HandledAt,
        p.HandledCount,
        p.HandledAt is { } handled ? (handled - p.CreatedAt).TotalMilliseconds : null,
        p.HandledBy);
}
