using System.Diagnostics;
using LoopDrive.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoopDrive.Core.Sends;

/// <summary>
/// Single sends from concurrent API requests share their reads and one commit: each request queues
/// its draft and waits; a writer takes everything queued so far (up to <see cref="MaxBatch"/>),
/// judges it through <see cref="AcceptSend.JudgeAsync"/> (persons, addresses and the gate's facts
/// read once per workspace for the whole batch), stores the accepted sends with their timeline and
/// outbox rows through <see cref="AcceptedSendRows"/> in one transaction, then answers
/// every request — each exactly as <see cref="AcceptSend.HandleAsync"/> would have alone. Nothing
/// waits for a batch to fill: an idle writer takes a lone draft at once. A batch whose reads or
/// inserts are refused is tried again one draft at a time, so one bad draft cannot fail its
/// neighbours; a store whose commit is unknown is not retried (it may have landed), its requests get the error.
/// </summary>
public sealed partial class AcceptGroupCommit : IAsyncDisposable
{
    public const int MaxBatch = 256;

    /// <summary>While one writer waits on the database, the next batch gathers and is judged by another.</summary>
    private const int Writers = 3;

    private readonly IServiceScopeFactory _scopes;
    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _clock;
    private readonly ILogger<AcceptGroupCommit> _logger;
    private readonly GroupCommitQueue<Pending> _queue;

    private sealed record Pending(string WorkspaceId, SendDraft Draft, string? TraceParent, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<AcceptOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public AcceptGroupCommit(IServiceScopeFactory scopes, NpgsqlDataSource database, TimeProvider clock, ILogger<AcceptGroupCommit> logger)
    {
        _scopes = scopes;
        _database = database;
        _clock = clock;
        _logger = logger;
        _queue = new GroupCommitQueue<Pending>(Writers, MaxBatch, AcceptBatchAsync, CalledOff);
    }

    /// <summary>Accepts one send; returns once it is committed (or refused). The outbox entry carries the caller's trace.</summary>
    public Task<AcceptOutcome> AcceptAsync(string workspaceId, SendDraft draft, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var trace = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
        var pending = new Pending(workspaceId, draft, trace, cancellationToken);
        _queue.Enqueue(pending);
        // Not abandoned on cancellation once taken: a send a writer has judged may already be committed, and the caller learns how it ended.
        return pending.Done.Task;
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    /// <summary>Cancelled while queued: nothing was judged or written, so it can still be called off.</summary>
    private static bool CalledOff(Pending pending) =>
        pending.CancellationToken.IsCancellationRequested && pending.Done.TrySetCanceled(pending.CancellationToken);

    private async Task AcceptBatchAsync(List<Pending> batch)
    {
        AcceptOutcome[] outcomes;
        try
        {
            outcomes = await JudgeAsync(batch);
        }
        catch (Exception e) when (batch.Count > 1)
        {
            LogBatchSplit(_logger, e, batch.Count, "judging");
            foreach (var pending in batch) await AcceptBatchAsync([pending]);
            return;
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
            return;
        }

        var accepted = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is AcceptOutcome.Accepted) accepted.Add(i);
            else batch[i].Done.TrySetResult(outcomes[i]);
        }
        if (accepted.Count > 0) await StoreAsync([.. accepted.Select(i => (batch[i], (AcceptOutcome.Accepted)outcomes[i]))]);
    }

    /// <summary>One scope for the batch; each workspace's drafts are judged under that workspace, so a person of another workspace is not found.</summary>
    private async Task<AcceptOutcome[]> JudgeAsync(List<Pending> batch)
    {
        var outcomes = new AcceptOutcome[batch.Count];
        await using var scope = _scopes.CreateAsyncScope();
        var workspace = scope.ServiceProvider.GetRequiredService<WorkspaceContext>();
        var accept = scope.ServiceProvider.GetRequiredService<AcceptSend>();
        foreach (var group in Enumerable.Range(0, batch.Count).GroupBy(i => batch[i].WorkspaceId, StringComparer.Ordinal))
        {
            workspace.Set(group.Key);
            var indexes = group.ToList();
            // Not a request's token: the batch belongs to many requests.
            var judged = await accept.JudgeAsync(group.Key, [.. indexes.Select(i => batch[i].Draft)], CancellationToken.None);
            for (var k = 0; k < indexes.Count; k++) outcomes[indexes[k]] = judged[k];
        }
        return outcomes;
    }

    /// <summary>
    /// The inserts go as one batch outside an explicit transaction: PostgreSQL runs it as one
    /// implicit transaction committed with its last statement, so storing costs one round trip.
    /// The server's refusal (a <see cref="PostgresException"/>) rolled the whole batch back;
    /// anything else (a lost connection) leaves the commit unknown.
    /// </summary>
    private async Task StoreAsync(List<(Pending Pending, AcceptOutcome.Accepted Outcome)> accepted)
    {
        try
        {
            await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
            await AcceptedSendRows.InsertAsync(connection, [.. accepted.Select(a => (a.Outcome.Send, a.Pending.TraceParent))], _clock.GetUtcNow(),
                CancellationToken.None);
        }
        catch (PostgresException e) when (accepted.Count > 1)
        {
            // Alone, each send keeps its id and judgement and gets its own answer.
            LogBatchSplit(_logger, e, accepted.Count, "storing");
            foreach (var one in accepted) await StoreAsync([one]);
            return;
        }
        catch (Exception e)
        {
            // Not tried again: a commit whose answer was lost may have landed, and a second try would store a second send for one request.
            foreach (var (pending, _) in accepted) pending.Done.TrySetException(e);
            return;
        }
        foreach (var (pending, outcome) in accepted) pending.Done.TrySetResult(outcome);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A group commit of {Count} sends failed while {Stage}; trying each alone")]
    private static partial void LogBatchSplit(ILogger logger, Exception exception, int count, string stage);
}
