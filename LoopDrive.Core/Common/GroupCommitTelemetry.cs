using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoopDrive.Core.Common;

/// <summary>
/// A group commit's three histograms: how many items share each call, how long an item waits for a
/// writer, and how long the call takes. Next to a caller's own latency they split it into queueing,
/// the call and the hand-back. The size and the duration are recorded back to back on one thread,
/// so a listener can pair them. No tags: what the items carry stays out of metrics.
/// </summary>
public sealed class GroupCommitTelemetry
{
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _queued;
    private readonly Histogram<double> _call;

    /// <param name="prefix">Instrument names start with it, e.g. <c>loopdrive.events.group_commit</c>.</param>
    /// <param name="callName">The last part of the call's instrument name.</param>
    /// <param name="item">What is committed, singular (<c>event</c>, <c>transfer</c>).</param>
    public GroupCommitTelemetry(Meter meter, string prefix, string callName, string item, string callDescription)
    {
        _batchSize = meter.CreateHistogram<int>($"{prefix}.batch_size", "{" + item + "}", $"{char.ToUpperInvariant(item[0])}{item[1..]}s sharing one group commit.");
        _queued = meter.CreateHistogram<double>($"{prefix}.queued", "ms", $"From a single {item}'s arrival until a writer takes it.");
        _call = meter.CreateHistogram<double>($"{prefix}.{callName}", "ms", callDescription);
    }

    /// <summary>Each item's wait, from its arrival until <paramref name="taken"/> (timestamps); nothing is computed while nobody listens.</summary>
    public void RecordQueued<T>(List<T> batch, Func<T, long> arrived, long taken)
    {
        if (!_queued.Enabled) return;
        foreach (var item in batch) _queued.Record(Stopwatch.GetElapsedTime(arrived(item), taken).TotalMilliseconds);
    }

    /// <summary>A finished call of <paramref name="size"/> items that a writer took at <paramref name="taken"/>.</summary>
    public void RecordCall(int size, long taken)
    {
        _batchSize.Record(size);
        _call.Record(Stopwatch.GetElapsedTime(taken).TotalMilliseconds);
    }
}
