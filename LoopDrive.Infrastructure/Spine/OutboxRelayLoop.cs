using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// Drives the relay: drains the outbox in full batches, backs off while Redis or PostgreSQL fails,
/// and prunes old inbox rows now and then. Asleep, it waits for a NOTIFY or the poll interval. With
/// <see cref="SpineOptions.RelayLinger"/> above zero (off by default), once it finds rows it stays
/// awake: it tells writers so through <see cref="RelayAwakeGate"/> (they stop notifying, which lets
/// their commits run in parallel) and polls every <see cref="SpineOptions.RelayActivePollInterval"/>
/// until no row came for the linger.
/// </summary>
public sealed partial class OutboxRelayLoop(
    OutboxRelay relay,
    OutboxNotificationListener listener,
    RelayAwakeGate gate,
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
        // Wall time, not the injected clock: staying awake is about the machine's pace, not business time.
        long? lastRows = null;
        // The previous pass's commit runs while the next pass claims and XADDs; at most one is outstanding.
        var previousCommit = Task.CompletedTask;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = settings.RelayPollInterval;
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
                        if (relayed > 0) lastRows = Stopwatch.GetTimestamp();
                    }
                    while (relayed >= settings.RelayBatchSize);
                    backoff = TimeSpan.Zero;

                    if (clock.GetUtcNow() >= nextPrune)
                    {
                        nextPrune = clock.GetUtcNow() + settings.PruneInterval;
                        var inbox = await relay.PruneAsync(cancellationToken);
                        if (inbox > 0) LogPruned(logger, inbox);
                    }

                    if (lastRows is { } last && Stopwatch.GetElapsedTime(last) < settings.RelayLinger)
                    {
                        await gate.StayAwakeAsync(cancellationToken);
                        wait = settings.RelayActivePollInterval;
                    }
                    else if (gate.IsAwake)
                    {
                        await gate.SleepAsync(cancellationToken);
                        // A writer that saw the lease just before it ended commits without a NOTIFY.
                        continue;
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

                await wake.WaitAsync(wait, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: rows not yet relayed stay in the outbox and the next relay (or this one restarted) sends them.
        }
        // Faults of the last commit need no handling here: its rows are sent again by the next relay.
        await previousCommit.ContinueWith(static _ => { }, TaskScheduler.Default);
        await LetWritersNotifyAsync();
        await listening.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    /// <summary>On the way out, so writers wake another relay at once rather than after the lease.</summary>
    private async Task LetWritersNotifyAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await gate.SleepAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // The lease runs out on its own within RelayAwakeGate.Lease.
            LogLeaveAwakeFailed(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay could not give up its awake lease on shutdown ({ErrorType}); writers notify again when it expires")]
    private static partial void LogLeaveAwakeFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay pass failed ({ErrorType}); retrying in {DelayMs} ms")]
    private static partial void LogPassFailed(ILogger logger, string errorType, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {InboxRows} inbox rows past retention")]
    private static partial void LogPruned(ILogger logger, int inboxRows);
}
