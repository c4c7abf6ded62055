namespace LoopDrive.Core.Common;

/// <summary>
/// Work that may only happen once the caller's transaction has committed (telling the live feed
/// about new events). A use case running inside a transaction it does not own — a stream
/// consumer's — queues it here; the owner runs it after commit, or drops it on rollback with the
/// scope. Best effort: a failure is the owner's to log, never a reason to undo the commit.
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Func<Task>> _pending = [];

    public void Add(Func<Task> work) => _pending.Add(work);

    /// <summary>Runs and forgets the queued work; returns the failures.</summary>
    public async Task<IReadOnlyList<Exception>> RunAsync()
    {
        if (_pending.Count == 0) return [];
        var work = _pending.ToArray();
        _pending.Clear();
        var failures = new List<Exception>();
        foreach (var item in work)
        {
            try
            {
                await item();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        return failures;
    }

    public void Discard() => _pending.Clear();
}
