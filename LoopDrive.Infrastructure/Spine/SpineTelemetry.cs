using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoopDrive.Contracts.Spine;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// The spine's traces and metrics, both named <c>LoopDrive.Spine</c>. Tags carry stream, group
/// and ids only, never message content.
/// </summary>
public sealed class SpineTelemetry
{
    public const string Name = "LoopDrive.Spine";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _relayed;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _handOff;
    private QueueHealth? _latest;

    public SpineTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _relayed = meter.CreateCounter<long>("loopdrive.spine.messages.relayed", "{message}", "Outbox rows handed to their stream.");
        _handled = meter.CreateCounter<long>("loopdrive.spine.messages.handled", "{message}", "Messages whose handler committed (or that the inbox had already seen).");
        _failed = meter.CreateCounter<long>("loopdrive.spine.messages.failed", "{message}", "Handler runs that threw; the entry stays pending for redelivery.");
        _deadLettered = meter.CreateCounter<long>("loopdrive.spine.messages.dead_lettered", "{message}", "Entries moved to a .dead stream.");
        _handOff = meter.CreateHistogram<double>("loopdrive.spine.handoff.duration", "ms", "From outbox enqueue to handler start.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000, 30000] });

        meter.CreateObservableGauge("loopdrive.spine.stream.length", () => PerStream(q => q.Length), "{entry}");
        meter.CreateObservableGauge("loopdrive.spine.stream.pending", () => PerStream(q => q.Pending), "{entry}");
        meter.CreateObservableGauge("loopdrive.spine.stream.oldest_pending_age", () => PerStream(q => q.OldestPendingAgeMs), "ms");
        meter.CreateObservableGauge("loopdrive.spine.stream.dead_letters", () => PerStream(q => q.DeadLetters), "{entry}");
        meter.CreateObservableGauge("loopdrive.spine.outbox.backlog",
            () => _latest is { } h ? [new Measurement<long>(h.OutboxBacklog)] : Array.Empty<Measurement<long>>(), "{message}");
    }

    public void Relayed(string stream, int count) => _relayed.Add(count, new KeyValuePair<string, object?>("stream", stream));

    public void Handled(string stream, int count = 1) => _handled.Add(count, new KeyValuePair<string, object?>("stream", stream));

    public void Failed(string stream) => _failed.Add(1, new KeyValuePair<string, object?>("stream", stream));

    public void DeadLettered(string stream) => _deadLettered.Add(1, new KeyValuePair<string, object?>("stream", stream));

    public void HandOff(string stream, TimeSpan elapsed) =>
        _handOff.Record(Math.Max(0, elapsed.TotalMilliseconds), new KeyValuePair<string, object?>("stream", stream));

    /// <summary>The gauges report the last sample; observable callbacks must not do I/O.</summary>
    public void Sampled(QueueHealth health) => _latest = health;

    private IEnumerable<Measurement<long>> PerStream(Func<QueueStats, long> value) =>
        _latest is { } health
            ? health.Queues.Select(q => new Measurement<long>(value(q), new KeyValuePair<string, object?>("stream", q.Stream)))
            : [];
}
