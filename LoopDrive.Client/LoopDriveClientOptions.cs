namespace LoopDrive.Client;

/// <summary>How a <see cref="LoopDriveClient"/> reaches the API and how hard it tries.</summary>
public sealed class LoopDriveClientOptions
{
    /// <summary>
    /// Root of the API (the host, without <c>/api</c>). Service-discovery addresses such as
    /// <c>https+http://api</c> work when the HttpClient has the discovery handler.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c> on every call.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Extra attempts after the first for retryable failures; 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff wait; each further retry doubles it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for any single wait, including one a server asks for with <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline for one attempt; a timed-out attempt counts as a network failure and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
