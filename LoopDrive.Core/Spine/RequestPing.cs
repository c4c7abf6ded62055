using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;

namespace LoopDrive.Core.Spine;

/// <summary>Writes a ping and its <c>ops.ping</c> outbox entry in one transaction.</summary>
public sealed class RequestPing(LoopDriveDbContext db, Outbox outbox, TimeProvider clock)
{
    public async Task<OpsPing> HandleAsync(string workspaceId, CancellationToken cancellationToken)
    {
        var ping = new OpsPing { Id = Ids.New(IdPrefixes.Ping, clock), WorkspaceId = workspaceId, CreatedAt = clock.GetUtcNow() };
        db.OpsPings.Add(ping);
        outbox.Enqueue(StreamNames.OpsPing, new PingRequested(ping.Id, workspaceId), workspaceId);
        await db.SaveChangesAsync(cancellationToken);
        return ping;
    }
}
