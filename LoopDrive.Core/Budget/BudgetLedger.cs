using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LoopDrive.Core.Budget;

/// <summary>
/// The double-entry ledger's write path. Each transfer is one call of the <c>budget_transfer</c>
/// database function, whose single statement locks both accounts in id order, debits only when
/// the balance covers it (the CHECK constraints back that up), records the transfer under its
/// unique id, and derives the wallet statement line (with running balance) and the budget_ledger
/// row. Many transfers go through <c>budget_transfer_batch</c> in one round trip.
/// Inside a caller's EF transaction the call joins it (a consumer's inbox + effects commit
/// together); otherwise it runs on its own pooled connection and commits alone, and single
/// transfers made at the same moment share a commit through <see cref="LedgerGroupCommit"/>.
/// </summary>
public sealed class BudgetLedger(LoopDriveDbContext db, NpgsqlDataSource dataSource, TimeProvider clock, LedgerGroupCommit? groupCommit = null)
{
    private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

    private static NpgsqlTransaction Joined(IDbContextTransaction transaction) => (NpgsqlTransaction)transaction.GetDbTransaction();

    public async Task<TransferOutcome> TransferAsync(LedgerTransfer transfer, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } transaction)
            return await LedgerStatements.TransferAsync(Connection, Joined(transaction), transfer, clock.GetUtcNow(), cancellationToken);
        return groupCommit is null
            ? await LedgerStatements.TransferAloneAsync(dataSource, transfer, clock, cancellationToken)
            : await groupCommit.TransferAsync(transfer, cancellationToken);
    }

    /// <summary>
    /// Many transfers in one round trip (one <c>budget_transfer_batch</c> call), answered in
    /// order. Each is judged as if posted alone in that order (an overdraft refuses that transfer
    /// only); a batch of regular transfers is applied set-based in one statement. Inside a
    /// caller's EF transaction the call joins it; otherwise the batch commits alone, all or
    /// nothing.
    /// </summary>
    public async Task<IReadOnlyList<TransferOutcome>> TransferBatchAsync(IReadOnlyList<LedgerTransfer> transfers, CancellationToken cancellationToken)
    {
        if (transfers.Count == 0) return [];
        if (db.Database.CurrentTransaction is { } transaction)
            return await LedgerStatements.TransferBatchAsync(Connection, Joined(transaction), transfers, clock.GetUtcNow(), cancellationToken);
        return await LedgerStatements.TransferBatchAloneAsync(dataSource, transfers, clock, cancellationToken);
    }

    /// <summary>A correcting entry: moves the original amount back. A transfer is reversed at most once.</summary>
    public async Task<TransferOutcome> ReverseAsync(string workspaceId, string transferId, string reversalId, string? description, CancellationToken cancellationToken)
    {
        var original = await db.BudgetTransfers.AsNoTracking().IgnoreQueryFilters()
            .FirstOrDefaultAsync(t => t.Id == transferId && t.WorkspaceId == workspaceId, cancellationToken);
        if (original is null) return new(TransferStatus.UnknownAccount, null, null);
        return await TransferAsync(new LedgerTransfer(
            reversalId, workspaceId, original.ToAccountId, original.FromAccountId, original.Amount, TransferKinds.Reversal,
            original.AllocationId, original.Channel, original.ReferenceId, original.Id,
            description ?? "Reversal of " + original.Id,
            WalletTxType: "adjustment", WalletTxSource: "manual",
            LedgerType: original.Channel is null ? null : "adjustment"), cancellationToken);
    }

    /// <summary>Creates the accounts when missing (idempotent); joins the caller's transaction if any.</summary>
    public async Task EnsureAccountsAsync(string workspaceId, IEnumerable<(string Id, string Kind, string? AllocationId, string? Channel)> accounts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var account in accounts)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO budget_accounts (id, workspace_id, kind, wallet_id, allocation_id, channel, balance, allow_negative, created_at)
                VALUES ({account.Id}, {workspaceId}, {account.Kind}, NULL, {account.AllocationId}, {account.Channel}, 0, FALSE, {now})
                ON CONFLICT (id) DO NOTHING
                """, cancellationToken);
        }
    }
}
