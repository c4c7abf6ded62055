using System.Diagnostics;
using LoopDrive.Core.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// Single events from concurrent requests share one transaction: each request queues its event
/// and waits; a writer takes everything queued so far (up to <see cref="MaxBatch"/>) and stores it
/// through <see cref="IngestEvents"/>'s path (one prepared statement per workspace that resolves
/// the people and inserts the rows, the outbox rows in the same transaction), commits once, then
/// answers every request. Nothing waits for a
/// batch to fill: an idle writer takes a lone event at once, and while a writer is busy the next
/// events gather. The idempotency key, or for a key-less request its fingerprint
/// (<see cref="KeylessFingerprint"/>, claimed in the same statement), still decides: a repeat, even
/// within one batch, stores nothing (<see cref="SingleIngest"/>). If a batch fails, each of its
/// events is tried alone, so one bad event cannot fail its neighbours. The writer's span carries the requests' traces
/// into the outbox rows it writes: a lone event's span is a child of its request, a batch's span
/// links every request (as the consumers do for a read batch).
/// </summary>
public sealed partial class EventGroupCommit : IAsyncDisposable
{
    public const int MaxBatch = 256;

    public const string TelemetryName = "LoopDrive.Events";

    private static readonly ActivitySource Telemetry = new(TelemetryName);

    /// <summary>
    /// Two writers: one commits while the other gathers and sends its batch. Four carried 18–32 %
    /// more events/s while other work held the CPU (a commit is then mostly waiting), but on a quiet
    /// machine two gave 3–6 % more, with batches twice the size and a fifth less PostgreSQL CPU
    /// per event (events bench, pairs run alternately).
    /// </summary>
    private const int Writers = 2;

    private readonly NpgsqlDataSource _database;
    private readonly IEventFeed _feed;
    private readonly TimeProvider _clock;
    private readonly ILogger<EventGroupCommit> _logger;
    private readonly GroupCommitQueue<Pending> _queue;
    private readonly HashSet<Task> _publishing = [];

    private sealed record Pending(string WorkspaceId, NewEvent Event, KeylessFingerprint? Fingerprint, ActivityContext Trace, TaskCompletionSource<SingleIngest> Done)
    {
        public long Arrived { get; } = Stopwatch.GetTimestamp();
    }

    public EventGroupCommit(NpgsqlDataSource database, IEventFeed feed, TimeProvider clock, ILogger<EventGroupCommit> logger)
    {
        _database = database;
        _feed = feed;
        _clock = clock;
        _logger = logger;
        _queue = new GroupCommitQueue<Pending>(Writers, MaxBatch, WriteAsync);
    }

    /// <summary>
    /// The stored event; for a repeat (its idempotency key stored before, or earlier in the same
    /// batch; or its key-less <paramref name="fingerprint"/> claimed within the window) no event,
    /// and for a key-less repeat the event the first request stored.
    /// </summary>
    public Task<SingleIngest> IngestAsync(string workspaceId, NewEvent e, KeylessFingerprint? fingerprint, CancellationToken cancellationToken)
    {
        var pending = new Pending(workspaceId, e, fingerprint, Activity.Current?.Context ?? default,
            new TaskCompletionSource<SingleIngest>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        // A caller that leaves stops waiting; its event is still stored, as a committed write would be.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes no more events, and returns once every queued one is stored and handed to the live feed.</summary>
    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync();
        Task[] publishing;
        lock (_publishing) publishing = [.. _publishing];
        await Task.WhenAll(publishing);
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        var taken = Stopwatch.GetTimestamp();
        EventsTelemetry.GroupCommit.RecordQueued(batch, p => p.Arrived, taken);
        // A fingerprint twice in one batch: the first goes to the database, the others get its outcome.
        var firsts = new Dictionary<string, Pending>(StringComparer.Ordinal);
        List<(Pending Repeat, Pending First)>? repeats = null;
        var distinct = new List<Pending>(batch.Count);
        foreach (var pending in batch)
        {
            if (pending.Fingerprint is not null && !firsts.TryAdd(pending.Fingerprint.Key, pending))
                (repeats ??= []).Add((pending, firsts[pending.Fingerprint.Key]));
            else
                distinct.Add(pending);
        }

        List<Event> stored;
        IReadOnlyDictionary<string, string> replays;
        try
        {
            (stored, replays) = await StoreAsync(distinct);
            EventsTelemetry.GroupCommit.RecordCall(batch.Count, taken);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            LogBatchSplit(_logger, e, batch.Count);
            foreach (var pending in batch) await WriteAsync([pending]);
            return;
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
            return;
        }

        var byId = stored.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var pending in distinct) pending.Done.TrySetResult(Outcome(pending, byId, replays));
        foreach (var (repeat, first) in repeats ?? [])
        {
            var outcome = Outcome(first, byId, replays);
            repeat.Done.TrySetResult(new SingleIngest(null, outcome.Stored?.Id ?? outcome.ReplayOf));
        }
        if (stored.Count > 0) Publish(stored);
    }

    /// <summary>Stored; else a repeat, of the event its fingerprint names when it has one.</summary>
    private static SingleIngest Outcome(Pending pending, Dictionary<string, Event> stored, IReadOnlyDictionary<string, string> replays) =>
        stored.TryGetValue(pending.Event.Id, out var e) ? new SingleIngest(e)
        : new SingleIngest(null, pending.Fingerprint is null ? null : replays.GetValueOrDefault(pending.Fingerprint.Key));

    /// <summary>
    /// The writer hands the batch to the live feed and goes on to the next group commit without
    /// waiting for Redis's reply: under load that round trip held every following commit back.
    /// The publish is issued before this returns and Redis keeps one connection's commands in order,
    /// so a batch of one workspace still reaches the feed before the next. A feed failure is logged by
    /// <see cref="IngestEvents.PublishCommittedAsync"/>, never thrown.
    /// </summary>
    private void Publish(List<Event> stored)
    {
        var publish = IngestEvents.PublishCommittedAsync(_feed, _logger, stored);
        if (publish.IsCompleted) return;
        lock (_publishing) _publishing.Add(publish);
        _ = publish.ContinueWith(done =>
        {
            lock (_publishing) _publishing.Remove(done);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task<(List<Event> Stored, IReadOnlyDictionary<string, string> Replays)> StoreAsync(List<Pending> batch)
    {
        using var activity = StartActivity(batch);
        // Not a request's token: the batch belongs to many requests, and a commit is never abandoned halfway by one of them.
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var stored = new List<Event>(batch.Count);
        foreach (var workspace in batch.GroupBy(p => p.WorkspaceId, StringComparer.Ordinal))
        {
            stored.AddRange(await IngestEvents.StoreAsync(connection, workspace.Key, [.. workspace.Select(p => p.Event)], _clock, CancellationToken.None,
                oneStatement: true, fingerprints: [.. workspace.Select(p => p.Fingerprint)]));
        }
        // The repeats' first events: committed before this transaction's claim gave way to theirs, so a new statement sees them.
        var storedIds = stored.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var repeated = batch.Where(p => p.Fingerprint is not null && !storedIds.Contains(p.Event.Id)).Select(p => p.Fingerprint!).ToList();
        var replays = repeated.Count == 0 ? new Dictionary<string, string>()
            : await IngestEvents.FindFingerprintedAsync(connection, repeated, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return (stored, replays);
    }

    private static Activity? StartActivity(List<Pending> batch)
    {
        if (!Telemetry.HasListeners()) return null;
        if (batch.Count == 1) return Telemetry.StartActivity("events group commit", ActivityKind.Internal, batch[0].Trace);
        var links = batch.Where(p => p.Trace != default).Select(p => new ActivityLink(p.Trace)).ToList();
        var activity = Telemetry.StartActivity("events group commit", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("loopdrive.events.count", batch.Count);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group commit of {Count} single events failed; storing each alone")]
    private static partial void LogBatchSplit(ILogger logger, Exception exception, int count);
}
