using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>
/// Single transfers made at the same moment share one commit; each must still be answered as if
/// posted alone. The other ledger tests run through the group commit too (see <see cref="BudgetTest"/>).
/// </summary>
public sealed class LedgerGroupCommitTests(TestServers servers) : BudgetTest(servers)
{
    [Fact]
    public async Task Transfers_sharing_a_commit_are_each_judged_alone_and_a_failing_one_fails_by_itself()
    {
        await EnsureWalletAsync(WorkspaceId);
        Assert.Equal(TransferStatus.Ok, (await FundAsync(WorkspaceId, 40)).Status);
        var envelope = LedgerAccounts.Envelope("alloc_group", "email");
        var (setup, setupLedger) = NewLedger();
        await using (setup)
            await setupLedger.EnsureAccountsAsync(WorkspaceId, [(envelope, LedgerAccountKinds.Envelope, "alloc_group", "email")], CancellationToken.None);

        LedgerTransfer Reserve(string id, long cents, string? description = null) =>
            new(id, WorkspaceId, LedgerAccounts.Wallet(WorkspaceId), envelope, cents, TransferKinds.Reserve, "alloc_group", "email",
                Description: description, WalletTxType: "debit", WalletTxSource: "campaign_spend", LedgerType: "planned");

        // 64 debits of 1 cent against 40 cents, the same id sent 8 times, an unknown account, and one
        // transfer PostgreSQL cannot store (a NUL in its text), all released at once.
        var requests = Enumerable.Range(0, 64).Select(i => Reserve("tr_group_" + i, 1))
            .Concat(Enumerable.Repeat(Reserve("tr_group_same", 1), 8))
            .Append(Reserve("tr_group_unknown", 1) with { ToAccountId = LedgerAccounts.Envelope("alloc_missing", "email") })
            .Append(Reserve("tr_group_bad", 1, "broken\0text"))
            .ToList();
        using var start = new ManualResetEventSlim();
        var calls = requests.Select(transfer => Task.Run(async () =>
        {
            start.Wait();
            var (db, ledger) = NewLedger();
            await using (db) return await ledger.TransferAsync(transfer, CancellationToken.None);
        })).ToList();
        start.Set();

        var bad = calls[^1];
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => bad);
        var outcomes = await Task.WhenAll(calls.Take(calls.Count - 1));

        Assert.Equal(TransferStatus.UnknownAccount, outcomes[^1].Status);
        var same = outcomes.Skip(64).Take(8).ToList();
        var sameApplied = same.Count(o => o.Status == TransferStatus.Ok);
        Assert.InRange(sameApplied, 0, 1);
        Assert.All(same, o => Assert.Contains(o.Status, new[] { TransferStatus.Ok, TransferStatus.Duplicate, TransferStatus.InsufficientFunds }));
        if (sameApplied == 1) Assert.DoesNotContain(same, o => o.Status == TransferStatus.InsufficientFunds);

        // Exactly the 40 cents moved, never below zero, one cent per applied transfer.
        var applied = outcomes.Take(64).Count(o => o.Status == TransferStatus.Ok) + sameApplied;
        Assert.Equal(40, applied);
        Assert.All(outcomes.Take(64), o => Assert.Contains(o.Status, new[] { TransferStatus.Ok, TransferStatus.InsufficientFunds }));
        Assert.All(outcomes.Where(o => o.Status == TransferStatus.Ok), o => Assert.True(o.FromBalance >= 0));
        var balances = await BalancesAsync(WorkspaceId);
        Assert.Equal(0, balances[LedgerAccounts.Wallet(WorkspaceId)]);
        Assert.Equal(40, balances[envelope]);

        await using var check = Servers.CreateDbContext();
        Assert.Equal(40, await check.BudgetTransfers.CountAsync(t => t.WorkspaceId == WorkspaceId && t.Kind == TransferKinds.Reserve));
        Assert.False(await check.BudgetTransfers.AnyAsync(t => t.Id == "tr_group_bad" || t.Id == "tr_group_unknown"));
        await AssertLedgerConsistentAsync(WorkspaceId);
    }

    [Fact]
    public async Task A_transfer_cancelled_before_it_is_written_moves_nothing()
    {
        await EnsureWalletAsync(WorkspaceId);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (db, ledger) = NewLedger();
        await using (db)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.TransferAsync(
                new LedgerTransfer(Ids.New("tr"), WorkspaceId, LedgerAccounts.Clearing(WorkspaceId), LedgerAccounts.Wallet(WorkspaceId),
                    500, TransferKinds.TopUp, WalletTxType: "credit"), cancelled.Token));
        }
        Assert.Equal(0, (await BalancesAsync(WorkspaceId))[LedgerAccounts.Wallet(WorkspaceId)]);
    }
}
