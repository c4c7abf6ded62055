using System.Text.Json;

namespace LoopDrive.Contracts.Sends;

/// <summary>CONTRACT.md §5 EmailSendRequest: the union of the note and the SDK (D7).</summary>
public sealed record EmailSendRequest(
    string? To = null,
    string? PersonId = null,
    string? Subject = null,
    string? Body = null,
    string? Html = null,
    string? BrandId = null,
    string? Objective = null,
    string? FromName = null,
    string? FromEmail = null,
    string? ReplyTo = null,
    Dictionary<string, string>? UtmParams = null,
    DateTimeOffset? ScheduleFor = null,
    DateTimeOffset? SendAt = null,
    JsonElement? Metadata = null);

/// <summary>CONTRACT.md §5 SmsSendRequest (D9).</summary>
public sealed record SmsSendRequest(
    string? To = null,
    string? PersonId = null,
    string? Body = null,
    string? BrandId = null,
    string? Objective = null,
    string? FromNumber = null,
    DateTimeOffset? ScheduleFor = null,
    DateTimeOffset? SendAt = null,
    JsonElement? Metadata = null);

/// <summary>CONTRACT.md §5 DmSendRequest (D10): <c>platform</c> must equal the path segment.</summary>
public sealed record DmSendRequest(
    string? To = null,
    string? PersonId = null,
    string? Platform = null,
    string? Body = null,
    string? BrandId = null,
    string? Objective = null,
    string? ThreadId = null,
    DateTimeOffset? ScheduleFor = null,
    DateTimeOffset? SendAt = null,
    JsonElement? Metadata = null);

/// <summary>
/// CONTRACT.md §5 BulkSendRequest (D29): <c>personIds</c> plus the fields of one send request. The
/// channel is <c>channel</c> when given, else a DM when <c>platform</c> is present, else SMS when
/// <c>fromNumber</c> is present, else email.
/// </summary>
public sealed record BulkSendRequest(
    IReadOnlyList<string>? PersonIds = null,
    string? Channel = null,
    string? Platform = null,
    string? Subject = null,
    string? Body = null,
    string? Html = null,
    string? BrandId = null,
    string? Objective = null,
    string? FromName = null,
    string? FromEmail = null,
    string? ReplyTo = null,
    string? FromNumber = null,
    string? ThreadId = null,
    Dictionary<string, string>? UtmParams = null,
    DateTimeOffset? ScheduleFor = null,
    DateTimeOffset? SendAt = null,
    JsonElement? Metadata = null);
