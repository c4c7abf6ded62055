using System.Collections.Concurrent;
using System.Diagnostics;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Spine;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Benchmarks.Spine;

/// <summary>When each ping's handler started (Stopwatch ticks), written by <see cref="TimedPingConsumer"/>.</summary>
internal sealed class HandlerStarts
{
    private readonly ConcurrentDictionary<string, long> _starts = new(StringComparer.Ordinal);

    public int Count => _starts.Count;

    public void Record(string pingId) => _starts.TryAdd(pingId, Stopwatch.GetTimestamp());

    public bool TryGet(string pingId, out long timestamp) => _starts.TryGetValue(pingId, out timestamp);

    public void Clear() => _starts.Clear();
}

/// <summary>The real <c>ops.ping</c> handler with a timestamp taken as it starts.</summary>
internal sealed class TimedPingConsumer(HandlePing handlePing, HandlerStarts starts) : IStreamBatchHandler<PingRequested>
{
    public static string Stream => StreamNames.OpsPing;

    public Task HandleBatchAsync(IReadOnlyList<StreamMessage<PingRequested>> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages) starts.Record(message.Message.PingId);
        return handlePing.HandleAsync([.. messages.Select(m => m.Message)], cancellationToken);
    }
}
