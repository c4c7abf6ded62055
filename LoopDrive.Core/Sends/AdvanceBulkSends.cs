using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoopDrive.Core.Sends;

/// <summary>
/// One fan-out step of one bulk job: the next chunk of recipients becomes sends (through
/// <see cref="AcceptSend.PrepareManyAsync"/>, so the gate applies to each) and the job's position moves on in the same
/// transaction, so a crash or a Redis restart resumes at the exact recipient it stopped at.
/// A job whose every send has settled is marked completed.
/// </summary>
public sealed class AdvanceBulkSends(
    LoopDriveDbContext db,
    AcceptSend accept,
    WorkspaceContext workspace,
    IOptions<SendOptions> options,
    TimeProvider clock)
{
    /// <returns>True when a chunk was fanned out (call again soon); false when there was nothing to fan out.</returns>
    public async Task<bool> HandleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // A job whose audience is fanned out completes once none of its sends is still waiting.
        await db.Database.ExecuteSqlAsync($"""
            update send_bulk_jobs j set status = 'completed', completed_at = {now}
            where j.status = 'running' and j.next_index >= j.total
              and not exists (select 1 from sends s where s.bulk_job_id = j.id and s.status in ('queued','deferred'))
            """, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The statement orders and limits itself; composing First over it would wrap the locking read in another query.
        var job = (await db.BulkSendJobs
            .FromSql($"select * from send_bulk_jobs where status in ('queued','running') and next_index < total order by created_at limit 1 for update skip locked")
            .IgnoreQueryFilters().ToListAsync(cancellationToken)).SingleOrDefault();
        if (job is null)
        {
            await db.Database.ExecuteSqlAsync($"update send_bulk_jobs set status = 'running' where status = 'queued' and total = 0", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return false;
        }
        workspace.Set(job.WorkspaceId);
        job.Status = BulkStatuses.Running;
        var template = JsonSerializer.Deserialize<BulkTemplate>(job.Template, Spine.Outbox.Json)!;
        var chunk = job.PersonIds.Skip(job.NextIndex).Take(options.Value.BulkChunkSize).ToList();
        var draft = new SendDraft(job.Channel, null, null, template.Subject, template.Body, template.Html, template.BrandId,
            template.Objective, template.FromName, template.FromAddress, template.ReplyTo, template.ThreadId,
            template.UtmParams, template.Metadata, template.ScheduleFor, job.Id);
        var outcomes = await accept.PrepareManyAsync(job.WorkspaceId, draft, chunk, cancellationToken);
        for (var i = 0; i < chunk.Count; i++)
            if (outcomes[i] is not AcceptOutcome.Accepted) AddSkipped(job, chunk[i], outcomes[i], now);
        job.NextIndex += chunk.Count;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>A recipient that cannot be sent to (unknown person, no address) still counts: as a skipped send with its reason.</summary>
    private void AddSkipped(BulkSendJob job, string personId, AcceptOutcome outcome, DateTimeOffset now)
    {
        var (code, detail) = outcome is AcceptOutcome.Refused r ? (r.Code, r.Detail) : ("person_not_found", "No such person in this workspace.");
        var send = new Send
        {
            Id = Ids.New(AcceptSend.IdPrefix, clock),
            WorkspaceId = job.WorkspaceId,
            PersonId = personId,
            Channel = job.Channel,
            Purpose = People.ContactPurposes.Marketing,
            Status = SendStatuses.Skipped,
            BulkJobId = job.Id,
            ScheduledFor = now,
            QueuedAt = now,
            UpdatedAt = now,
            ErrorCode = code,
            Error = detail,
        };
        db.Sends.Add(send);
        SendJournal.Add(db, send, SendStatuses.Skipped, "gate", now, code, detail);
    }
}
