namespace LoopDrive.Core.Sends;

/// <summary>The fields every send of a bulk job shares, kept as jsonb on the job.</summary>
public sealed record BulkTemplate(
    string? Subject,
    string? Body,
    string? Html,
    string? BrandId,
    string? Objective,
    string? FromName,
    string? FromAddress,
    string? ReplyTo,
    string? ThreadId,
    string? UtmParams,
    string? Metadata,
    DateTimeOffset? ScheduleFor);
