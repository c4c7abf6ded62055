using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Data;
using LoopDrive.Core.People;
using LoopDrive.Core.Sends;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Api.Sends;

internal static partial class SendApi
{
    public static async Task<Results<Ok<SendStatus>, ProblemHttpResult>> Status(string id, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var send = await db.Sends.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (send is null) return Problems.NotFound("send");
        return TypedResults.Ok(await StatusOfAsync(db, send, cancellationToken));
    }

    public static async Task<Results<Ok<SendStatus>, ProblemHttpResult>> Cancel(string id, CancelSend cancel, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var (result, send) = await cancel.HandleAsync(id, cancellationToken);
        return result switch
        {
            CancelSend.Result.NotFound => Problems.NotFound("send"),
            CancelSend.Result.TooLate => Problems.Conflict("not_cancellable",
                $"The send is {SendMappings.ContractStatus(send!.Status)}; only a send queued for a future time can be cancelled."),
            _ => TypedResults.Ok(await StatusOfAsync(db, send!, cancellationToken)),
        };
    }

    public static async Task<Results<Ok<SendHistory>, ValidationProblem, ProblemHttpResult>> History(
        string id, string[]? channels, int? limit, int? offset, FindPerson find, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var known = (IReadOnlyList<string>)[.. SendEnums.BulkChannels];
        if (channels is { Length: > 0 } && channels.FirstOrDefault(c => !known.Contains(c)) is { } unknown)
            return Problems.Invalid("channels", $"Unknown channel {unknown}; one of: {string.Join(", ", known)}.");
        var person = await find.HandleAsync(id, cancellationToken);
        if (person is null) return Problems.NotFound("person");
        var query = db.Sends.AsNoTracking().Where(s => s.PersonId == person.Id);
        if (channels is { Length: > 0 }) query = query.Where(s => channels.Contains(s.Channel));
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(s => s.QueuedAt).ThenByDescending(s => s.Id)
            .Skip(Paging.Offset(offset)).Take(Paging.Limit(limit)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new SendHistory([.. page.Select(s => s.ToResult())], total));
    }

    private static async Task<SendStatus> StatusOfAsync(LoopDriveDbContext db, Send send, CancellationToken cancellationToken)
    {
        var events = await db.SendEvents.AsNoTracking().Where(e => e.SendId == send.Id)
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return new SendStatus(send.Id, SendMappings.ContractStatus(send.Status), [.. events.Select(e => e.ToContract(send))], send.UpdatedAt,
            [.. GateDecisionLog.Read(send).Select(d => d.ToContract())], send.ErrorCode, send.Error);
    }
}
