using System.Threading.Channels;

namespace LoopDrive.Core.Common;

/// <summary>
/// The waiting room of a group commit: calls made at the same moment queue here, and each of a few
/// writers takes everything queued so far (up to <c>maxBatch</c>) and hands it to the owner's
/// <c>write</c> as one batch. Nothing waits for a batch to fill: an idle writer takes a lone call
/// at once, and calls that arrive while every writer is busy share the next write. The owner's
/// <c>write</c> answers every call of its batch and must not throw.
/// </summary>
public sealed class GroupCommitQueue<T> : IAsyncDisposable
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>();
    private readonly int _maxBatch;
    private readonly Func<List<T>, Task> _write;
    private readonly Func<T, bool>? _calledOff;
    private readonly Task[] _writers;

    /// <param name="calledOff">
    /// Asked of each call as a writer takes it; true leaves it out of the batch (a call cancelled
    /// while queued, which the owner has answered as cancelled).
    /// </param>
    public GroupCommitQueue(int writers, int maxBatch, Func<List<T>, Task> write, Func<T, bool>? calledOff = null)
    {
        _maxBatch = maxBatch;
        _write = write;
        _calledOff = calledOff;
        // The writers serve every caller, so they must not carry the first caller's trace or context.
        using (ExecutionContext.SuppressFlow())
            _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync))];
    }

    /// <exception cref="ObjectDisposedException">The queue no longer takes calls.</exception>
    public void Enqueue(T call)
    {
        if (!_queue.Writer.TryWrite(call)) throw new ObjectDisposedException(nameof(GroupCommitQueue<T>));
    }

    /// <summary>Takes no more calls, and returns once every queued one has been written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<T>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var call))
            {
                if (_calledOff?.Invoke(call) != true) batch.Add(call);
            }
            if (batch.Count == 0) continue;
            await _write(batch);
            batch.Clear();
        }
    }
}
