using LoopDrive.Core.Budget;
using LoopDrive.Core.Common;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Budget;

public sealed class LedgerConcurrencyTests(TestServers servers) : BudgetTest(servers)
{
    [Fact]
    public async Task A_thousand_concurrent_debits_racing_a_top_up_end_at_the_exact_balance_and_never_below_zero()
    {
        await EnsureWalletAsync(WorkspaceId);
        Assert.Equal(TransferStatus.Ok, (await FundAsync(WorkspaceId, 60_000)).Status);
        var envelopes = BudgetEnumsForTest.Channels.Take(4).Select(c => LedgerAccounts.Envelope("alloc_race", c)).ToArray();
        var (setup, setupLedger) = NewLedger();
        await using (setup)
            await setupLedger.EnsureAccountsAsync(WorkspaceId,
                envelopes.Select((e, i) => (e, LedgerAccountKinds.Envelope, (string?)"alloc_race", (string?)BudgetEnumsForTest.Channels[i])),
                CancellationToken.None);

        using var start = new ManualResetEventSlim();
        var debits = Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var (db, ledger) = NewLedger();
            await using (db)
                return await ledger.TransferAsync(new LedgerTransfer(Ids.New("tr"), WorkspaceId, LedgerAccounts.Wallet(WorkspaceId),
                    envelopes[i % envelopes.Length], 100, TransferKinds.Reserve, "alloc_race", BudgetEnumsForTest.Channels[i % envelopes.Length],
                    WalletTxType: "debit", WalletTxSource: "campaign_spend", LedgerType: "planned"), CancellationToken.None);
        })).ToList();
        var topUp = Task.Run(async () =>
        {
            start.Wait();
            await Task.Yield();
            return await FundAsync(WorkspaceId, 25_000);
        });
        start.Set();
        var outcomes = await Task.WhenAll(debits);
        Assert.Equal(TransferStatus.Ok, (await topUp).Status);

        var succeeded = outcomes.Count(o => o.Status == TransferStatus.Ok);
        Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { TransferStatus.Ok, TransferStatus.InsufficientFunds }));
        // 600 debits are covered before the top-up lands; all 850 once it has.
        Assert.InRange(succeeded, 600, 850);
        Assert.All(outcomes.Where(o => o.Status == TransferStatus.Ok), o => Assert.True(o.FromBalance >= 0));

        var balances = await BalancesAsync(WorkspaceId);
        Assert.Equal(85_000 - 100L * succeeded, balances[LedgerAccounts.Wallet(WorkspaceId)]);
        Assert.Equal(100L * succeeded, envelopes.Sum(e => balances[e]));
        await using var check = Servers.CreateDbContext();
        Assert.Equal(succeeded + 2, await check.WalletTransactions.CountAsync(t => t.WorkspaceId == WorkspaceId));
        Assert.Equal(succeeded, await check.BudgetLedger.CountAsync(t => t.WorkspaceId == WorkspaceId && t.Type == "planned"));
        await AssertLedgerConsistentAsync(WorkspaceId);
    }

    [Fact]
    public async Task A_transfer_id_moves_money_once_however_many_times_it_is_sent_at_once()
    {
        await EnsureWalletAsync(WorkspaceId);
        var transfer = new LedgerTransfer("topup:same", WorkspaceId, LedgerAccounts.Clearing(WorkspaceId), LedgerAccounts.Wallet(WorkspaceId),
            700, TransferKinds.TopUp, WalletTxType: "credit", WalletTxSource: "stripe_payment");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var (db, ledger) = NewLedger();
            await using (db) return await ledger.TransferAsync(transfer, CancellationToken.None);
        })));
        Assert.Equal(1, outcomes.Count(o => o.Status == TransferStatus.Ok));
        Assert.All(outcomes, o => Assert.True(o.Applied));
        Assert.Equal(700, (await BalancesAsync(WorkspaceId))[LedgerAccounts.Wallet(WorkspaceId)]);

        var conflicting = await NewLedger().Ledger.TransferAsync(transfer with { Amount = 1 }, CancellationToken.None);
        Assert.Equal(TransferStatus.IdConflict, conflicting.Status);
        await AssertLedgerConsistentAsync(WorkspaceId);
    }

    [Fact]
    public async Task The_database_refuses_an_overdraft_even_when_the_code_path_is_bypassed()
    {
        await EnsureWalletAsync(WorkspaceId);
        await using var db = Servers.CreateDbContext();
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE budget_accounts SET balance = -1 WHERE id = {LedgerAccounts.Wallet(WorkspaceId)}"));
        Assert.Equal(Npgsql.PostgresErrorCodes.CheckViolation, error.SqlState);
    }
}

internal static class BudgetEnumsForTest
{
    public static readonly string[] Channels = [.. LoopDrive.Contracts.Budget.BudgetEnums.Channels];
}
