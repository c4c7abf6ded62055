using LoopDrive.Core.Events;
using static System.FormattableString;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// Where a single ingest's time goes: the group commit's own figures (events per commit, time
/// queued before a writer takes an event, the commit) next to the requests' mean latency. What the
/// latency holds beyond queueing and the commit is HTTP, the request pipeline and the hand-back
/// (answering the requests and their continuations getting a thread).
/// </summary>
internal sealed class GroupCommitSplit : IDisposable
{
    private readonly GroupCommitMeter _meter = new(EventsTelemetry.Name);

    /// <summary>Counts only while on, so the warm-up stays out.</summary>
    public bool On { set => _meter.On = value; }

    public string Summary(double meanLatencyMs) => _meter.Read() is not { } f
        ? "group commit: no commits measured"
        : Invariant($"group commit: {f.Calls:N0} commits of {f.MeanCallMs:F2} ms, {f.ItemsPerCall:F1} events each; per event: queued {f.QueuedMs:F2} ms + its commit {f.CallPerItemMs:F2} ms + HTTP, pipeline and hand-back {meanLatencyMs - f.QueuedMs - f.CallPerItemMs:F2} ms = mean latency {meanLatencyMs:F2} ms");

    public void Dispose() => _meter.Dispose();
}
