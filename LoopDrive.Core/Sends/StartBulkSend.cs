using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;

namespace LoopDrive.Core.Sends;

/// <summary>Records a bulk job (<c>queued</c>) with its audience; the fan-out runs in the workers, a chunk at a time.</summary>
public sealed class StartBulkSend(LoopDriveDbContext db, TimeProvider clock)
{
    public const string IdPrefix = "job";

    public async Task<BulkSendJob> HandleAsync(string workspaceId, string channel, IReadOnlyList<string> personIds, BulkTemplate template, CancellationToken cancellationToken)
    {
        var distinct = personIds.Distinct(StringComparer.Ordinal).ToList();
        var job = new BulkSendJob
        {
            Id = Ids.New(IdPrefix, clock),
            WorkspaceId = workspaceId,
            Channel = channel,
            Status = BulkStatuses.Queued,
            Template = JsonSerializer.Serialize(template, Spine.Outbox.Json),
            PersonIds = distinct,
            Total = distinct.Count,
            CreatedAt = clock.GetUtcNow(),
        };
        db.BulkSendJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }
}

public static class BulkStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
