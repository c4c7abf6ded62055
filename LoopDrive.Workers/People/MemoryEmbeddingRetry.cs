using LoopDrive.Core.People;

namespace LoopDrive.Workers.People;

/// <summary>
/// Embeds memories whose first embedding failed (the API stores them without a vector rather
/// than lose them). Re-embedding the same row twice is harmless, so replicas need no lock.
/// </summary>
internal sealed partial class MemoryEmbeddingRetry(IServiceScopeFactory scopes, ILogger<MemoryEmbeddingRetry> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private const int BatchSize = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int embedded;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    embedded = await scope.ServiceProvider.GetRequiredService<EmbedPendingMemories>().HandleAsync(BatchSize, stoppingToken);
                    if (embedded > 0) LogEmbedded(logger, embedded);
                }
                while (embedded == BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The rows stay without a vector and the next tick tries again.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded {Count} memories that were stored without a vector")]
    private static partial void LogEmbedded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying memory embeddings failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
