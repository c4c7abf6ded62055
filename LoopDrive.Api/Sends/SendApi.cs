using System.Security.Claims;
using System.Text.Json;
using LoopDrive.Api.Hosting;
using LoopDrive.Api.Idempotency;
using LoopDrive.Api.Platform;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Common;
using LoopDrive.Core.Sends;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace LoopDrive.Api.Sends;

/// <summary>
/// Sends (CONTRACT.md §5, D6–D13, D27, D29): email, SMS and DM sends answer 202 once the send and
/// its outbox entry are committed; consent and suppression refuse with 422 at once; quiet hours,
/// caps and the budget are decided by the workers and recorded on the send.
/// </summary>
internal static partial class SendApi
{
    private const int MaxBody = 100_000;

    public static RouteGroupBuilder MapSendApi(this RouteGroupBuilder api)
    {
        api.MapPost("/email/send", Email).WithKeylessDedupe().WithTags("Sends").WithName("SendEmail");
        api.MapPost("/sms/send", Sms).WithKeylessDedupe().WithTags("Sends").WithName("SendSms");
        api.MapPost("/social/{platform}/dm", Dm).WithKeylessDedupe().WithTags("Sends").WithName("SendDm");
        api.MapGet("/send/{id}/status", Status).WithTags("Sends").WithName("SendStatus");
        api.MapPost("/send/{id}/cancel", Cancel).WithTags("Sends").WithName("CancelSend");
        api.MapGet("/person/{id}/sends", History).WithTags("Sends").WithName("PersonSends");
        // 100k person ids of ~31 characters with JSON quoting, plus the shared fields.
        api.MapPost("/send/bulk", Bulk).WithKeylessDedupe().WithRequestSizeLimit(8 * 1024 * 1024).WithTags("Sends").WithName("BulkSend");
        api.MapGet("/send/bulk/{jobId}", BulkStatus).WithTags("Sends").WithName("BulkSendStatus");
        MapWebhooks(api);
        return api;
    }

    public static async Task<Results<Accepted<SendResult>, ValidationProblem, ProblemHttpResult>> Email(
        EmailSendRequest body, ClaimsPrincipal user, AcceptGroupCommit accept, IOptions<SendOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (personId, address) = Recipient(body.To, body.PersonId, errors);
        var content = body.Body ?? (body.Html is not null ? HtmlText(body.Html) : null);
        ContentRules(errors, content, body.BrandId, body.Objective);
        if (body.Subject is { Length: > 998 }) errors.Add("subject", "At most 998 characters.");
        if (body.FromEmail is { } from && !from.Contains('@')) errors.Add("fromEmail", "An email address.");
        var schedule = Schedule(errors, body.ScheduleFor, body.SendAt, options.Value, clock);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);

        var draft = new SendDraft(SendChannels.Email, personId, address, body.Subject, content, body.Html, body.BrandId, body.Objective,
            body.FromName, body.FromEmail, body.ReplyTo, null,
            body.UtmParams is { Count: > 0 } utm ? JsonSerializer.Serialize(utm) : null, JsonText.From(body.Metadata), schedule);
        return Answer(await accept.AcceptAsync(user.WorkspaceId(), draft, cancellationToken));
    }

    public static async Task<Results<Accepted<SendResult>, ValidationProblem, ProblemHttpResult>> Sms(
        SmsSendRequest body, ClaimsPrincipal user, AcceptGroupCommit accept, IOptions<SendOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (personId, address) = Recipient(body.To, body.PersonId, errors);
        if (address is not null && !IsE164(address)) errors.Add("to", "A phone number in E.164 form, e.g. +14155550100.");
        if (body.FromNumber is { } from && !IsE164(from)) errors.Add("fromNumber", "A phone number in E.164 form, e.g. +14155550100.");
        ContentRules(errors, body.Body, body.BrandId, body.Objective);
        var schedule = Schedule(errors, body.ScheduleFor, body.SendAt, options.Value, clock);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);

        var draft = new SendDraft(SendChannels.Sms, personId, address, null, body.Body, null, body.BrandId, body.Objective,
            null, body.FromNumber, null, null, null, JsonText.From(body.Metadata), schedule);
        return Answer(await accept.AcceptAsync(user.WorkspaceId(), draft, cancellationToken));
    }

    public static async Task<Results<Accepted<SendResult>, ValidationProblem, ProblemHttpResult>> Dm(
        string platform, DmSendRequest body, ClaimsPrincipal user, AcceptGroupCommit accept, IOptions<SendOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (body.Platform is not null && body.Platform != platform)
            errors.Add("platform", $"Must equal the path's platform ({platform}).");
        var (personId, address) = Recipient(body.To, body.PersonId, errors);
        ContentRules(errors, body.Body, body.BrandId, body.Objective);
        if (body.ThreadId is { Length: > 256 }) errors.Add("threadId", "At most 256 characters.");
        var schedule = Schedule(errors, body.ScheduleFor, body.SendAt, options.Value, clock);
        errors.JsonObject("metadata", body.Metadata);
        if (errors.Any) return Problems.Invalid(errors.All);
        if (!SendEnums.DmPlatforms.Contains(platform))
            return Problems.Unprocessable("platform_unsupported", "DMs go to one of: " + string.Join(", ", SendEnums.DmPlatforms) + ".");

        var draft = new SendDraft(platform, personId, address, null, body.Body, null, body.BrandId, body.Objective,
            null, null, null, body.ThreadId, null, JsonText.From(body.Metadata), schedule);
        return Answer(await accept.AcceptAsync(user.WorkspaceId(), draft, cancellationToken));
    }

    private static Results<Accepted<SendResult>, ValidationProblem, ProblemHttpResult> Answer(AcceptOutcome outcome) => outcome switch
    {
        AcceptOutcome.Accepted a => TypedResults.Accepted($"/api/send/{a.Send.Id}/status", a.Send.ToResult()),
        AcceptOutcome.Refused r => Problems.Unprocessable(r.Code, r.Detail),
        _ => Problems.NotFound("person"),
    };

    /// <summary>The SDK puts a person id in <c>to</c> (D7); anything else in <c>to</c> is an address on the channel.</summary>
    private static (string? PersonId, string? Address) Recipient(string? to, string? personId, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(to) && string.IsNullOrWhiteSpace(personId))
        {
            errors.Add("to", "Either to or personId is required.");
            return (null, null);
        }
        if (!string.IsNullOrWhiteSpace(personId)) return (personId.Trim(), null);
        var value = to!.Trim();
        if (value.Length > 320) errors.Add("to", "At most 320 characters.");
        return Ids.HasPrefix(value, Core.Common.IdPrefixes.Person) ? (value, null) : (null, value);
    }

    private static void ContentRules(FieldErrors errors, string? body, string? brandId, string? objective)
    {
        if (body is not null)
        {
            if (string.IsNullOrWhiteSpace(body)) errors.Add("body", "When given, it must not be empty.");
            else if (body.Length > MaxBody) errors.Add("body", $"At most {MaxBody} characters.");
            return;
        }
        // No content: the server composes, which needs a brand and an objective (D7).
        if (string.IsNullOrWhiteSpace(brandId)) errors.Add("brandId", "Required when body is absent (the server composes).");
        if (string.IsNullOrWhiteSpace(objective)) errors.Add("objective", "Required when body is absent (the server composes).");
    }

    private static DateTimeOffset? Schedule(FieldErrors errors, DateTimeOffset? scheduleFor, DateTimeOffset? sendAt, SendOptions options, TimeProvider clock)
    {
        var at = scheduleFor ?? sendAt;
        if (scheduleFor is not null && sendAt is not null && scheduleFor != sendAt)
            errors.Add("sendAt", "Same meaning as scheduleFor; give one, or both equal.");
        if (at is { } when && when < clock.GetUtcNow() - options.ScheduleTolerance)
            errors.Add(scheduleFor is not null ? "scheduleFor" : "sendAt", "Lies in the past.");
        return at;
    }

    internal static bool IsE164(string value)
    {
        if (value.Length is < 8 or > 16 || value[0] != '+' || !value.Skip(1).All(char.IsAsciiDigit)) return false;
        try
        {
            var util = PhoneNumberUtil.GetInstance();
            return util.IsPossibleNumber(util.Parse(value, null));
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>A plain-text part for an HTML-only email, so every send has a body.</summary>
    private static string HtmlText(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ").Trim() is { Length: > 0 } text ? text : html;
}
