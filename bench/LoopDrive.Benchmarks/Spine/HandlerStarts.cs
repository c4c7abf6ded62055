using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Spine;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Benchmarks.Spine;

/// <summary>
/// When each ping's handler started (Stopwatch ticks), written by <see cref="TimedPingConsumer"/>, and
/// when Redis took its entry (the stream entry id's milliseconds, Redis's clock on this machine), so a
/// hand-off can be split into the relay's part and the consumer's part.
/// </summary>
internal sealed class HandlerStarts
{
    private readonly ConcurrentDictionary<string, HandlerStart> _starts = new(StringComparer.Ordinal);

    public int Count => _starts.Count;

    public void Record(string pingId, string entryId) =>
        _starts.TryAdd(pingId, new HandlerStart(Stopwatch.GetTimestamp(), WallClockMs(), EntryMs(entryId)));

    public bool TryGet(string pingId, out HandlerStart start) => _starts.TryGetValue(pingId, out start);

    public void Clear() => _starts.Clear();

    /// <summary>Unix milliseconds with a fraction, comparable with stream entry ids.</summary>
    public static double WallClockMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static double EntryMs(string entryId)
    {
        var dash = entryId.IndexOf('-', StringComparison.Ordinal);
        return double.Parse(dash < 0 ? entryId : entryId[..dash], NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}

/// <param name="Ticks">Stopwatch ticks as the handler started.</param>
/// <param name="WallMs">The same moment in Unix milliseconds.</param>
/// <param name="AddedMs">When Redis took the entry (whole milliseconds).</param>
internal readonly record struct HandlerStart(long Ticks, double WallMs, double AddedMs);

/// <summary>The real <c>ops.ping</c> handler with a timestamp taken as it starts.</summary>
internal sealed class TimedPingConsumer(HandlePing handlePing, HandlerStarts starts) : IStreamBatchHandler<PingRequested>
{
    public static string Stream => StreamNames.OpsPing;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<PingRequested>> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages) starts.Record(message.Message.PingId, message.Context.EntryId);
        return handlePing.HandleAsync([.. messages.Select(m => m.Message)], cancellationToken);
    }
}
