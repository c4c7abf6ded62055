using System.Diagnostics.Metrics;
using LoopDrive.Core.Events;
using static System.FormattableString;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// Where a single ingest's time goes: the group commit's own metrics (events per commit, time
/// queued before a writer takes an event, the commit) next to the requests' mean latency. What the
/// latency holds beyond queueing and the commit is HTTP, the request pipeline and the hand-back
/// (answering the requests and their continuations getting a thread).
/// </summary>
internal sealed class GroupCommitSplit : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();

    // The group commit records a commit's size and then its duration on the same thread.
    [ThreadStatic] private static int _lastBatch;
    private volatile bool _on;
    private long _commits;
    private long _events;
    private double _queued;
    private long _queuedCount;
    private double _commit;
    private double _commitPerEvent;

    public GroupCommitSplit()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventsTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            _lastBatch = value;
            if (!_on) return;
            lock (_gate)
            {
                _commits++;
                _events += value;
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (!_on) return;
            lock (_gate)
            {
                if (instrument.Name.EndsWith(".queued", StringComparison.Ordinal))
                {
                    _queued += value;
                    _queuedCount++;
                }
                else
                {
                    _commit += value;
                    _commitPerEvent += value * _lastBatch;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Counts only while on, so the warm-up stays out.</summary>
    public bool On { set => _on = value; }

    public string Summary(double meanLatencyMs)
    {
        lock (_gate)
        {
            if (_commits == 0) return "group commit: no commits measured";
            var queued = _queued / Math.Max(1, _queuedCount);
            // Each event waits for the whole commit it rides in, so a commit is weighted by its size here.
            var commit = _commitPerEvent / Math.Max(1, _events);
            return Invariant($"group commit: {_commits:N0} commits of {_commit / _commits:F2} ms, {(double)_events / _commits:F1} events each; per event: queued {queued:F2} ms + its commit {commit:F2} ms + HTTP, pipeline and hand-back {meanLatencyMs - queued - commit:F2} ms = mean latency {meanLatencyMs:F2} ms");
        }
    }

    public void Dispose() => _listener.Dispose();
}
