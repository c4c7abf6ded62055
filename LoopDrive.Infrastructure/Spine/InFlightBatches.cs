namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// The read batches one consumer loop is still handling. The loop waits for room before its next
/// read; a batch that failed with a transport error rethrows there, so the loop's back-off sees it
/// exactly as if the batch had been awaited inline.
/// </summary>
internal sealed class InFlightBatches(int capacity)
{
    private readonly List<Task> _running = new(capacity);

    public void Add(Task batch) => _running.Add(batch);

    public async Task WaitForRoomAsync()
    {
        await CollectFinishedAsync();
        while (_running.Count >= capacity)
        {
            await Task.WhenAny(_running);
            await CollectFinishedAsync();
        }
    }

    public async Task WaitForAllAsync()
    {
        while (_running.Count > 0)
        {
            await Task.WhenAny(_running);
            await CollectFinishedAsync();
        }
    }

    /// <summary>At shutdown: lets running batches finish or fail. Whatever they did not acknowledge stays pending and is reclaimed.</summary>
    public async Task DrainAsync()
    {
        try
        {
            await Task.WhenAll(_running);
        }
        catch (Exception)
        {
            // Stopping: a batch cut short by cancellation or an outage is redelivered, nothing to report.
        }
        _running.Clear();
    }

    private async Task CollectFinishedAsync()
    {
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            if (!_running[i].IsCompleted) continue;
            var done = _running[i];
            _running.RemoveAt(i);
            await done;
        }
    }
}
