using System.Net;
using System.Net.Http.Headers;

namespace LoopDrive.Client.Http;

/// <summary>Which failures are worth another attempt, and how long to wait before it.</summary>
internal static class RetryRules
{
    /// <summary>
    /// 5xx, 408 and 429 may succeed later; every other 4xx is the caller's mistake and would fail
    /// the same way again.
    /// </summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>
    /// The server's <c>Retry-After</c> wins when present; otherwise the wait doubles from the base
    /// delay with each attempt. Both are capped so a misbehaving server cannot park the caller.
    /// </summary>
    public static TimeSpan DelayBefore(int retryNumber, RetryConditionHeaderValue? retryAfter, DateTimeOffset now, LoopDriveClientOptions options)
    {
        var asked = FromRetryAfter(retryAfter, now);
        var delay = asked ?? Exponential(retryNumber, options.RetryBaseDelay);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
    }

    private static TimeSpan Exponential(int retryNumber, TimeSpan baseDelay)
    {
        // Past 2^20 the cap applies anyway; stopping the shift here avoids overflow.
        var factor = 1L << Math.Clamp(retryNumber - 1, 0, 20);
        var ticks = baseDelay.Ticks > TimeSpan.MaxValue.Ticks / factor ? TimeSpan.MaxValue.Ticks : baseDelay.Ticks * factor;
        return TimeSpan.FromTicks(ticks);
    }

    private static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            return date - now;
        }

        return null;
    }
}
