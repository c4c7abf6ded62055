using System.Diagnostics;
using LoopDrive.Benchmarks.Events;
using LoopDrive.Core.Budget;
using static System.FormattableString;

namespace LoopDrive.Benchmarks.Budget;

/// <summary>
/// Where a single transfer's time goes while it is measured: the group commit's own figures
/// (transfers per call, time queued before a writer takes it, the call) next to each caller's
/// latency from the call to its resumption. What the latency holds beyond queueing and the call is
/// the hand-back: answering the callers and their continuations getting a thread.
/// </summary>
internal sealed class GroupCommitProfile : IDisposable
{
    private readonly GroupCommitMeter _meter = new(LedgerTelemetry.Name);
    private readonly Lock _gate = new();
    private bool _on;
    private double _latency;
    private long _latencyCount;

    /// <summary>Counts only while on, so warm-ups and the naive rounds stay out.</summary>
    public bool On
    {
        set
        {
            _on = value;
            _meter.On = value;
        }
    }

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
            if (_meter.Read() is not { } f || _latencyCount == 0) return "group commit: no calls measured";
            var latency = _latency / _latencyCount;
            return Invariant($"group commit: {f.Calls} calls of {f.MeanCallMs:F2} ms, {f.ItemsPerCall:F1} transfers per call; per transfer: queued {f.QueuedMs:F2} ms + its call {f.CallPerItemMs:F2} ms + hand-back {latency - f.QueuedMs - f.CallPerItemMs:F2} ms = latency {latency:F2} ms");
        }
    }

    public void Dispose() => _meter.Dispose();
}
