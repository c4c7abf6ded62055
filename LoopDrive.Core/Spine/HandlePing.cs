using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Spine;

/// <summary>
/// The <c>ops.ping</c> consumer's effect: stamp the pings handled and count the runs. The count is
/// the self-test's proof of exactly-once: it must stay 1 however often a message is delivered.
/// </summary>
public sealed class HandlePing(LoopDriveDbContext db, TimeProvider clock)
{
    /// <summary>One UPDATE for the whole batch, no read: this is the spine's throughput path in the benchmark.</summary>
    public Task HandleAsync(IReadOnlyCollection<PingRequested> messages, CancellationToken cancellationToken) =>
        HandleAsync(messages, handledBy: null, cancellationToken);

    /// <param name="handledBy">The consuming worker's consumer name, kept from the first run only.</param>
    public async Task HandleAsync(IReadOnlyCollection<PingRequested> messages, string? handledBy, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.PingId).Distinct(StringComparer.Ordinal).ToArray();
        var now = clock.GetUtcNow();
        var updated = await db.OpsPings
            .Where(p => ids.Contains(p.Id))
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.HandledAt, p => p.HandledAt ?? now)
                .SetProperty(p => p.HandledBy, p => p.HandledBy ?? handledBy)
                .SetProperty(p => p.HandledCount, p => p.HandledCount + 1), cancellationToken);
        if (updated != ids.Length)
            throw new InvalidOperationException(ids.Length == 1
                ? $"Ping {ids[0]} does not exist in this workspace."
                : $"{ids.Length - updated} of {ids.Length} pings do not exist in this workspace.");
    }
}
