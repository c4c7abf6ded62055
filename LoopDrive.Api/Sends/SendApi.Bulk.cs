using System.Security.Claims;
using System.Text.Json;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Data;
using LoopDrive.Core.Sends;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoopDrive.Api.Sends;

internal static partial class SendApi
{
    /// <summary>The channel the SDK leaves implicit (D29): <c>channel</c>, else a DM when <c>platform</c> is present, else SMS with <c>fromNumber</c>, else email.</summary>
    public static string InferChannel(BulkSendRequest body) =>
        body.Channel ?? body.Platform ?? (body.FromNumber is not null ? SendChannels.Sms : SendChannels.Email);

    public static async Task<Results<Accepted<BulkSendAccepted>, ValidationProblem, ProblemHttpResult>> Bulk(
        BulkSendRequest body, ClaimsPrincipal user, StartBulkSend start, IOptions<SendOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var channel = InferChannel(body);
        if (body.Channel is not null && body.Platform is not null && body.Channel != body.Platform)
            errors.Add("platform", "Must equal channel when both are given.");
        if (body.PersonIds is null || body.PersonIds.Count == 0) errors.Add("personIds", "Required: at least one person id.");
        else if (body.PersonIds.Count > SendEnums.MaxBulkRecipients) errors.Add("personIds", $"At most {SendEnums.MaxBulkRecipients} per request.");
        else if (body.PersonIds.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 64)) errors.Add("personIds", "Each item is a person id.");
        if (body.FromNumber is { } from && !IsE164(from)) errors.Add("fromNumber", "A phone number in E.164 form, e.g. +14155550100.");
        ContentRules(errors, body.Body ?? (body.Html is not null ? HtmlText(body.Html) : null), body.BrandId, body.Objective);
        var schedule = Schedule(errors, body.ScheduleFor, body.SendAt, options.Value, clock);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (!SendEnums.BulkChannels.Contains(channel))
            return Problems.Unprocessable("platform_unsupported", "Bulk sends go to one of: " + string.Join(", ", SendEnums.BulkChannels) + ".");

        var template = new BulkTemplate(body.Subject, body.Body ?? (body.Html is not null ? HtmlText(body.Html) : null), body.Html, body.BrandId,
            body.Objective, body.FromName, channel == SendChannels.Sms ? body.FromNumber : body.FromEmail, body.ReplyTo, body.ThreadId,
            body.UtmParams is { Count: > 0 } utm ? JsonSerializer.Serialize(utm) : null, JsonText.From(body.Metadata), schedule);
        var job = await start.HandleAsync(user.WorkspaceId(), channel, body.PersonIds!, template, cancellationToken);
        return TypedResults.Accepted($"/api/send/bulk/{job.Id}", new BulkSendAccepted(job.Id, job.Total));
    }

    public static async Task<Results<Ok<BulkJobStatus>, ProblemHttpResult>> BulkStatus(string jobId, LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        var job = await db.BulkSendJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null) return Problems.NotFound("bulk job");
        var counts = await db.Sends.AsNoTracking().Where(s => s.BulkJobId == job.Id)
            .GroupBy(s => s.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(params string[] statuses) => counts.Where(c => statuses.Contains(c.Status)).Sum(c => c.Count);
        var sent = Count(SendStatuses.Sent, SendStatuses.Delivered, SendStatuses.Opened, SendStatuses.Clicked, SendStatuses.Replied);
        var failed = Count(SendStatuses.Failed, SendStatuses.Unknown);
        var skipped = Count(SendStatuses.Skipped, SendStatuses.Cancelled);
        // Recipients not yet fanned out are queued too: the counts always add up to the total.
        var queued = Count(SendStatuses.Queued, SendStatuses.Deferred, SendStatuses.Dispatching) + (job.Total - job.NextIndex);
        var progress = job.Total == 0 ? 1 : Math.Round((double)(sent + failed + skipped) / job.Total, 4);
        return TypedResults.Ok(new BulkJobStatus(job.Id, job.Status, job.Channel, job.Total, queued, sent, failed,
            job.CreatedAt, job.CompletedAt, skipped, progress));
    }
}
