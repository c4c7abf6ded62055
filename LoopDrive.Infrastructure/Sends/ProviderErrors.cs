using System.Net;
using System.Net.Http.Headers;
using LoopDrive.Core.Sends;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// One mapping of provider HTTP answers for every live provider: 429 and 503 were refused before
/// acceptance (retry, honouring Retry-After); other 5xx may have been accepted (unknown, reconcile);
/// 4xx is permanent (rejected with the provider's code).
/// </summary>
internal static class ProviderErrors
{
    public static ProviderResult FromStatus(string provider, HttpStatusCode status, string? providerCode, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var code = providerCode ?? $"{provider}_{(int)status}";
        return (int)status switch
        {
            429 or 503 => new ProviderResult(ProviderResult.Retryable, Code: code, Detail: $"{provider} answered {(int)status}.", RetryAfter: RetryAfter(retryAfter, now)),
            >= 500 => new ProviderResult(ProviderResult.Unknown, Code: code, Detail: $"{provider} answered {(int)status}; the message may have been accepted."),
            _ => new ProviderResult(ProviderResult.Rejected, Code: code, Detail: $"{provider} refused the message ({(int)status})."),
        };
    }

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header?.Delta ?? (header?.Date is { } at ? at - now : null);
}
