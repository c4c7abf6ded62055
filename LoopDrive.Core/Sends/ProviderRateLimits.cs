namespace LoopDrive.Core.Sends;

/// <summary>One provider's sending rate per account (<c>Sends:RateLimits:&lt;provider&gt;</c>): a token bucket refilled at <see cref="PerSecond"/>, holding at most <see cref="Burst"/>.</summary>
public sealed class ProviderRateLimit
{
    /// <summary>Messages per second per account; 0 or less leaves the provider unlimited (a 429's pause still holds).</summary>
    public double PerSecond { get; set; }

    public int Burst { get; set; } = 1;
}

/// <summary>
/// Per-account token buckets shared by every worker replica. A caller that finds the bucket empty
/// still takes its token (the bucket goes into debt) and is told when that token matures, so a
/// burst is spread evenly instead of retrying in a herd; a caller already holding a token takes no
/// second place in the queue. Whoever goes now also needs a token from a bucket of what actually
/// went out, so sends released late (a busy scheduler) never go faster than burst + rate × time;
/// one that finds it empty is told to wait again and keeps its place.
/// </summary>
public interface IProviderRateLimiter
{
    /// <param name="limit">Null or non-positive: no bucket, only the pause is checked.</param>
    /// <param name="held">The send already holds its place from an earlier deferral.</param>
    /// <returns><see cref="TimeSpan.Zero"/> to go now; otherwise how long to wait (the token is then the caller's).</returns>
    Task<TimeSpan> AcquireAsync(string provider, string account, ProviderRateLimit? limit, bool held, CancellationToken cancellationToken);

    /// <summary>The provider answered 429 with Retry-After: nothing more goes to this account for <paramref name="wait"/>.</summary>
    Task PauseAsync(string provider, string account, TimeSpan wait, CancellationToken cancellationToken);
}
