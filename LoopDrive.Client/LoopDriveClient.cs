using LoopDrive.Client.Http;
using LoopDrive.Client.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopDrive.Client;

/// <summary>
/// Typed access to the LoopDrive API, one module per area. Thread-safe; share one per HttpClient.
/// Mutating calls carry an <c>Idempotency-Key</c> that stays the same across their retries, so a
/// retried create never creates twice.
/// </summary>
public sealed class LoopDriveClient
{
    public LoopDriveClient(HttpClient httpClient, LoopDriveClientOptions options, ILogger<LoopDriveClient>? logger = null)
        : this(httpClient, options, logger, TimeProvider.System, delay: null)
    {
    }

    /// <summary>Lets tests observe backoff waits instead of sitting through them.</summary>
    internal LoopDriveClient(
        HttpClient httpClient,
        LoopDriveClientOptions options,
        ILogger<LoopDriveClient>? logger,
        TimeProvider time,
        Func<TimeSpan, CancellationToken, Task>? delay)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries);

        if (options.BaseAddress is not null)
        {
            httpClient.BaseAddress = WithTrailingSlash(options.BaseAddress);
        }
        else if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("Set LoopDriveClientOptions.BaseAddress or the HttpClient's BaseAddress.", nameof(options));
        }
        else
        {
            httpClient.BaseAddress = WithTrailingSlash(httpClient.BaseAddress);
        }

        var transport = new ApiTransport(httpClient, options, (ILogger?)logger ?? NullLogger.Instance, time, delay);
        Workspaces = new WorkspacesClient(transport);
        ApiKeys = new ApiKeysClient(transport);
        Ops = new OpsClient(transport);
        Person = new PersonClient(transport);
        Voice = new VoiceClient(transport);
        Send = new SendClient(transport);
        Budget = new BudgetClient(transport);
        Events = new EventsClient(transport);
        Learning = new LearningClient(transport);
    }

    public WorkspacesClient Workspaces { get; }

    public ApiKeysClient ApiKeys { get; }

    public OpsClient Ops { get; }

    public PersonClient Person { get; }

    public VoiceClient Voice { get; }

    public SendClient Send { get; }

    public BudgetClient Budget { get; }

    public EventsClient Events { get; }

    public LearningClient Learning { get; }

    /// <summary>Relative request paths resolve under the base path only when it ends with a slash.</summary>
    private static Uri WithTrailingSlash(Uri address) =>
        address.OriginalString.EndsWith('/') ? address : new Uri(address.OriginalString + "/", UriKind.Absolute);
}
