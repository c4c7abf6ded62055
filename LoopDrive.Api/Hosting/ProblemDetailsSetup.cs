using System.Text.Json;
using LoopDrive.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace LoopDrive.Api.Hosting;

/// <summary>
/// Every error leaves as problem+json with a stable <c>code</c>. Malformed JSON names the field
/// it broke at; domain exceptions map to 409/422; only a genuine fault is a 500.
/// </summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddLoopDriveProblemDetails(this IServiceCollection services)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var inner = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                inner?.Invoke(context);
                var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
                context.ProblemDetails.Extensions.TryAdd("code", DefaultCode(status));
            };
        });
        // Body binding failures throw, so ApiExceptionHandler can say which field was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    private static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "rule_violated",
        429 => "rate_limited",
        _ when status >= 500 => "internal_error",
        _ => "error",
    };

    private sealed class ApiExceptionHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            switch (exception)
            {
                case BadHttpRequestException { InnerException: JsonException json }:
                    var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
                    await Problems.WriteAsync(context, 400, "malformed_json", "Malformed JSON",
                        "The request body is not valid JSON for this route.",
                        new Dictionary<string, string[]> { [field] = [FirstLine(json.Message)] });
                    return true;
                case BadHttpRequestException { StatusCode: 413 }:
                    await Problems.WriteAsync(context, 413, "payload_too_large", "Payload too large",
                        "The request body is larger than this route accepts.");
                    return true;
                case BadHttpRequestException bad:
                    await Problems.WriteAsync(context, bad.StatusCode, DefaultCode(bad.StatusCode), "Bad request", FirstLine(bad.Message));
                    return true;
                case DomainConflictException conflict:
                    await Problems.WriteAsync(context, 409, conflict.Code, "Conflict", conflict.Message);
                    return true;
                case DomainRuleException rule:
                    await Problems.WriteAsync(context, 422, rule.Code, "Request refused", rule.Message);
                    return true;
                case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                    // The client went away; there is nobody to answer.
                    context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Client Closed Request";
                    context.Response.StatusCode = 499;
                    return true;
                default:
                    return false;
            }
        }

        // Serializer messages can quote the offending input; the first sentence names the problem without echoing data.
        private static string FirstLine(string message)
        {
            var end = message.IndexOf(". ", StringComparison.Ordinal);
            return end > 0 ? message[..(end + 1)] : message;
        }
    }
}
