using System.Diagnostics.Metrics;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// Reads a group commit's meter while on. Each call records its size (an <c>int</c> histogram)
/// and then, on the same thread, its duration; each item records how long it queued before a
/// writer took it (an instrument whose name ends in <c>.queued</c>). The ledger's and the single
/// event ingest's group commits both publish this shape.
/// </summary>
internal sealed class GroupCommitMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();

    [ThreadStatic] private static int _lastBatch;
    private volatile bool _on;
    private long _calls;
    private long _items;
    private double _queued;
    private long _queuedCount;
    private double _call;
    private double _callPerItem;

    public GroupCommitMeter(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            _lastBatch = value;
            if (!_on) return;
            lock (_gate)
            {
                _calls++;
                _items += value;
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
                    _callPerItem += value * _lastBatch;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Counts only while on, so warm-ups and baselines stay out.</summary>
    public bool On { set => _on = value; }

    /// <returns>What was counted while on; null before the first call.</returns>
    public GroupCommitFigures? Read()
    {
        lock (_gate)
        {
            if (_calls == 0) return null;
            // Each item waits for the whole call it rides in, so a call is weighted by its size for the per-item figure.
            return new GroupCommitFigures(_calls, _items, _call / _calls, _queued / Math.Max(1, _queuedCount), _callPerItem / Math.Max(1, _items));
        }
    }

    public void Dispose() => _listener.Dispose();
}

/// <param name="MeanCallMs">A call's mean duration.</param>
/// <param name="QueuedMs">An item's mean wait before a writer took it.</param>
/// <param name="CallPerItemMs">The mean duration of the call an item rode in.</param>
internal sealed record GroupCommitFigures(long Calls, long Items, double MeanCallMs, double QueuedMs, double CallPerItemMs)
{
    public double ItemsPerCall => (double)Items / Calls;
}
