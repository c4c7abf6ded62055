using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Core.Sends;

/// <summary>What a compose or send consumer batch starts from: its sends, read (and tracked) in one query.</summary>
public static class QueuedSends
{
    /// <returns>The still-queued sends among <paramref name="sendIds"/>, in their order, each once; a missing one is logged and dropped.</returns>
    public static async Task<List<Send>> LoadAsync(LoopDriveDbContext db, IReadOnlyList<string> sendIds, string stage, ILogger logger,
        CancellationToken cancellationToken)
    {
        var ids = sendIds.Distinct(StringComparer.Ordinal).ToList();
        var loaded = await db.Sends.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
        var queued = new List<Send>(ids.Count);
        foreach (var id in ids)
        {
            if (!loaded.TryGetValue(id, out var send))
                logger.LogWarning("Send {SendId} to {Stage} does not exist; the message is dropped.", id, stage);
            else if (send.Status == SendStatuses.Queued)
                queued.Add(send);
        }
        return queued;
    }
}
