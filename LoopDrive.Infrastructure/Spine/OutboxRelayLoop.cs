using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Drives the relay: wakes on NOTIFY or every poll interval, drains the outbox in full batches,
/// backs off while Redis or PostgreSQL fails, and prunes old rows now and then.
/// </summary>
public sealed partial class OutboxRelayLoop(
    OutboxRelay relay,
    OutboxNotificationListener listener,
    IOptions<SpineOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelayLoop> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var wake = new AsyncSignal();
        var listening = listener.RunAsync(wake, cancellationToken);
        var backoff = TimeSpan.Zero;
        var nextPrune = clock.GetUtcNow();
        // The previous pass's commit runs while the next pass claims and XADDs; at most one is outstanding.
        var previousCommit = Task.CompletedTask;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    int relayed;
                    do
                    {
                        var pass = await relay.StartPassAsync(afterPublish: null, cancellationToken);
                        var earlier = previousCommit;
                        previousCommit = pass.Committed;
                        await earlier;
                        relayed = pass.Sent;
                    }
                    while (relayed >= settings.RelayBatchSize);
                    backoff = TimeSpan.Zero;

                    if (clock.GetUtcNow() >= nextPrune)
                    {
                        nextPrune = clock.GetUtcNow() + settings.PruneInterval;
                        var (outbox, inbox) = await relay.PruneAsync(cancellationToken);
                        if (outbox + inbox > 0) LogPruned(logger, outbox, inbox);
                    }
                }
                catch (Exception ex) when ((ex is SpineTransportException or NpgsqlException or TimeoutException) && !cancellationToken.IsCancellationRequested)
                {
                    backoff = backoff == TimeSpan.Zero
                        ? TimeSpan.FromMilliseconds(100)
                        : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.RelayMaxBackoff.Ticks));
                    if (ex is not SpineTransportException) LogPassFailed(logger, ex.GetType().Name, backoff.TotalMilliseconds);
                    await Task.Delay(backoff, clock, cancellationToken);
                    continue;
                }

                await wake.WaitAsync(settings.RelayPollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: rows not yet stamped stay unsent and the next relay (or this one restarted) sends them.
        }
        // Faults of the last commit need no handling here: its rows are sent again by the next relay.
        await previousCommit.ContinueWith(static _ => { }, TaskScheduler.Default);
        await listening.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay pass failed ({ErrorType}); retrying in {DelayMs} ms")]
    private static partial void LogPassFailed(ILogger logger, string errorType, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {OutboxRows} sent outbox rows and {InboxRows} inbox rows past retention")]
    private static partial void LogPruned(ILogger logger, int outboxRows, int inboxRows);
}
