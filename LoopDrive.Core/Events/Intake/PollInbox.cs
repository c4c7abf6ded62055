using LoopDrive.Core.Data;
using LoopDrive.Core.Sends.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Events.Intake;

/// <summary>
/// One scheduled pull of one provider account (<c>intake.fetch</c>): under the account's cursor row
/// (locked <c>FOR UPDATE SKIP LOCKED</c>, so one replica polls an account at a time), fetch what is
/// newer than the cursor and hand each message to the same path as a verified webhook (routing to
/// its workspace, a receipt per provider message id, <c>intake.normalize</c>), then move the
/// cursor — all in one transaction, so a crash repeats the pull and the receipts drop what was
/// already handed over.
/// </summary>
public sealed class PollInbox(LoopDriveDbContext db, ReceiveProviderWebhook receive, TimeProvider clock)
{
    /// <param name="Ran">False when the account is not readable now or another poll holds it.</param>
    /// <param name="Fetched">Messages newer than the cursor.</param>
    /// <param name="Handed">Of those, messages handed to the intake pipeline for the first time.</param>
    public sealed record Result(bool Ran, int Fetched = 0, int Handed = 0);

    public async Task<Result> HandleAsync(IInboxPollSource source, CancellationToken cancellationToken)
    {
        if (await source.AccountAsync(cancellationToken) is not { } account) return new Result(false);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"insert into intake_poll_cursors (provider, account) values ({source.Provider}, {account}) on conflict do nothing", cancellationToken);

        IReadOnlyList<PolledMessage> messages;
        var handed = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var cursor = (await db.InboxPollCursors.FromSqlInterpolated(
                    $"select * from intake_poll_cursors where provider = {source.Provider} and account = {account} for update skip locked")
                .AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
            if (cursor is null) return new Result(false);

            messages = await source.FetchAsync(cursor, cancellationToken);
            foreach (var message in messages)
            {
                if (message.Payload is null) continue;
                // Each message alone: its sender decides its workspace, as a pushed webhook's would.
                var outcome = await receive.HandleAsync(source.Provider, message.Payload, cancellationToken);
                if (outcome.Outcome == ReceiveProviderWebhook.Outcome.Accepted) handed++;
            }
            // The cursor is written apart from EF's tracking: a duplicate receipt clears the change tracker.
            var newest = messages.Count > 0 ? messages[^1] : null;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                update intake_poll_cursors
                set last_id = coalesce({newest?.Id}, last_id), last_at = coalesce({newest?.CreatedAt}, last_at), polled_at = {clock.GetUtcNow()}
                where provider = {source.Provider} and account = {account}
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (messages.Count > 0) await source.AcknowledgeAsync(messages, cancellationToken);
        return new Result(true, messages.Count, handed);
    }
}
