using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoopDrive.Core.Budget;
using static System.FormattableString;

namespace LoopDrive.Benchmarks.Budget;

/// <summary>
/// Where a single transfer's time goes while it is measured: the group commit's own metrics
/// (transfers per call, time queued before a writer takes it, the call) next to each caller's
/// latency from the call to its resumption. What the latency holds beyond queueing and the call is
/// the hand-back: answering the callers and their continuations getting a thread.
/// </summary>
internal sealed class GroupCommitProfile : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();

    // The group commit records a call's size and then its duration on the same thread.
    [ThreadStatic] private static int _lastBatch;
    private bool _on;
    private long _calls;
    private long _batched;
    private double _queued;
    private long _queuedCount;
    private double _call;
    private double _callPerTransfer;
    private double _latency;
    private long _latencyCount;

    public GroupCommitProfile()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LedgerTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            _lastBatch = value;
            if (!_on) return;
            lock (_gate)
            {
                _calls++;
                _batched += value;
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
                    _call += value;
                    _callPerTransfer += value * _lastBatch;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Counts only while on, so warm-ups and the naive rounds stay out.</summary>
    public bool On { set => _on = value; }

    /// <summary>Wraps an operation to time each call from its start until the caller runs again.</summary>
    public Func<int, long, Task> Timed(Func<int, long, Task> operation) => async (w, i) =>
    {
        var start = Stopwatch.GetTimestamp();
        await operation(w, i);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!_on) return;
        lock (_gate)
        {
            _latency += elapsed;
            _latencyCount++;
        }
    };

    public string Summary()
    {
        lock (_gate)
        {
            if (_calls == 0 || _latencyCount == 0) return "group commit: no calls measured";
            var queued = _queued / Math.Max(1, _queuedCount);
            // Each transfer waits for the whole call it rides in, so the call is weighted by its size here.
            var call = _callPerTransfer / Math.Max(1, _batched);
            var latency = _latency / _latencyCount;
            return Invariant($"group commit: {_calls} calls of {_call / _calls:F2} ms, {(double)_batched / _calls:F1} transfers per call; per transfer: queued {queued:F2} ms + its call {call:F2} ms + hand-back {latency - queued - call:F2} ms = latency {latency:F2} ms");
        }
    }

    public void Dispose() => _listener.Dispose();
}
