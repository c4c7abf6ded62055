using LoopDrive.Core.Data.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Holds one connection of the pool that LISTENs on the outbox channel and turns each NOTIFY into a
/// relay wake-up. Reconnects with backoff; after every (re)connect it wakes the relay once, because
/// rows committed while nobody listened sent their NOTIFY into the void.
/// </summary>
public sealed partial class OutboxNotificationListener(NpgsqlDataSource database, ILogger<OutboxNotificationListener> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(30);

    public async Task RunAsync(AsyncSignal wake, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, _) => wake.Set();
                try
                {
                    await using (var listen = new NpgsqlCommand($"LISTEN {SpineNotifyAndVectorIndex.OutboxChannel}", connection))
                        await listen.ExecuteNonQueryAsync(cancellationToken);
                    wake.Set();
                    backoff = TimeSpan.FromMilliseconds(100);
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        // A quiet spell ends with a probe, so a silently dropped connection surfaces as an error.
                        if (!await connection.WaitAsync(ProbeInterval, cancellationToken))
                        {
                            await using var probe = new NpgsqlCommand("SELECT 1", connection);
                            await probe.ExecuteScalarAsync(cancellationToken);
                        }
                    }
                }
                finally
                {
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                LogListenFailed(logger, ex.GetType().Name, backoff.TotalMilliseconds);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>
    /// Pooled connections are not reset on return (see <c>DataRegistration</c>): one still listening
    /// would hold back PostgreSQL's notification queue for as long as it sat unread in the pool.
    /// A broken connection is not pooled again, so a failure here is left alone.
    /// </summary>
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open) return;
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox LISTEN connection failed ({ErrorType}); polling covers the gap, reconnecting in {DelayMs} ms")]
    private static partial void LogListenFailed(ILogger logger, string errorType, double delayMs);
}
