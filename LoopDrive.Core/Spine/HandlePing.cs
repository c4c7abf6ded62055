using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Spine;

/// <summary>
/// The <c>ops.ping</c> consumer's effect: stamp the ping handled and count the run. The count is
/// the self-test's proof of exactly-once: it must stay 1 however often the message is delivered.
/// </summary>
public sealed class HandlePing(LoopDriveDbContext db, TimeProvider clock)
{
    public async Task HandleAsync(PingRequested message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // One UPDATE, no read: this is the spine's throughput path in the benchmark.
        var updated = await db.OpsPings
            .Where(p => p.Id == message.PingId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.HandledAt, p => p.HandledAt ?? now)
                .SetProperty(p => p.HandledCount, p => p.HandledCount + 1), cancellationToken);
        if (updated == 0)
            throw new InvalidOperationException($"Ping {message.PingId} does not exist in workspace {message.WorkspaceId}.");
    }
}
