using System.Diagnostics;
using LoopDrive.Core.Common;
using Npgsql;

namespace LoopDrive.Core.Budget;

/// <summary>
/// Group commit for standalone single transfers. Calls that arrive while a write is in flight wait
/// in a queue and then go together as one <c>budget_transfer_batch</c> call: one round trip and one
/// commit for all of them, each answered exactly as if posted alone, in arrival order (the batch
/// function judges irregular transfers one by one, so an overdraft refuses only its own transfer).
/// A lone call still costs one round trip. Each call returns only after its transfer committed.
/// When the shared call fails with an error (not a refusal), it rolled back whole, so each of its
/// transfers is posted alone and one bad transfer fails by itself.
/// </summary>
public sealed class LedgerGroupCommit : IAsyncDisposable
{
    public const int DefaultWriters = 2;
    private const int MaxBatch = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly GroupCommitQueue<Pending> _queue;

    /// <param name="writers">Writes in flight at once: while one waits for its commit, the next batch forms and goes.</param>
    public LedgerGroupCommit(NpgsqlDataSource dataSource, TimeProvider clock, int writers = DefaultWriters)
    {
        _dataSource = dataSource;
        _clock = clock;
        _queue = new GroupCommitQueue<Pending>(writers, MaxBatch, PostAsync, CalledOff);
    }

    public Task<TransferOutcome> TransferAsync(LedgerTransfer transfer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(transfer, cancellationToken);
        _queue.Enqueue(pending);
        // Not abandoned on cancellation: once a write has taken the transfer, the caller learns how it ended.
        return pending.Answer.Task;
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    /// <summary>Cancelled while queued: nothing was written, so it can still be called off.</summary>
    private static bool CalledOff(Pending pending) =>
        pending.CancellationToken.IsCancellationRequested && pending.Answer.TrySetCanceled(pending.CancellationToken);

    private async Task PostAsync(List<Pending> batch)
    {
        var taken = Stopwatch.GetTimestamp();
        LedgerTelemetry.GroupCommit.RecordQueued(batch, p => p.Arrived, taken);
        await (batch.Count == 1 ? PostAloneAsync(batch[0]) : PostTogetherAsync(batch));
        LedgerTelemetry.GroupCommit.RecordCall(batch.Count, taken);
    }

    private async Task PostTogetherAsync(List<Pending> batch)
    {
        IReadOnlyList<TransferOutcome> outcomes;
        try
        {
            outcomes = await LedgerStatements.TransferBatchAloneAsync(_dataSource, [.. batch.Select(p => p.Transfer)], _clock, CancellationToken.None);
        }
        catch (Exception)
        {
            // The shared call rolled back (or never reached the server); posted alone, each transfer
            // gets its own answer or its own error. One whose commit was lost in transit answers as
            // a duplicate of itself, as a retried single call would.
            foreach (var pending in batch) await PostAloneAsync(pending);
            return;
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Answer.TrySetResult(outcomes[i]);
    }

    private async Task PostAloneAsync(Pending pending)
    {
        try
        {
            pending.Answer.TrySetResult(await LedgerStatements.TransferAloneAsync(_dataSource, pending.Transfer, _clock, CancellationToken.None));
        }
        catch (Exception ex)
        {
            pending.Answer.TrySetException(ex);
        }
    }

    private sealed record Pending(LedgerTransfer Transfer, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<TransferOutcome> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Arrived { get; } = Stopwatch.GetTimestamp();
    }
}
