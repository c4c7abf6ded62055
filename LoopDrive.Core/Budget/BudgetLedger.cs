using System.Data.Common;
using LoopDrive.Core.Common;
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
/// together); otherwise it runs on its own pooled connection and commits alone.
/// </summary>
public sealed class BudgetLedger(LoopDriveDbContext db, NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string TransferSql =
        "SELECT status, from_balance, to_balance FROM budget_transfer($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";

    private const string BatchSql =
        "SELECT ord, status, from_balance, to_balance FROM budget_transfer_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";

    public async Task<TransferOutcome> TransferAsync(LedgerTransfer transfer, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is { } transaction)
        {
            await using var joined = CreateCommand(transaction, transfer);
            return await ReadAsync(joined, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand(TransferSql);
                AddParameters(command.Parameters, transfer, clock.GetUtcNow());
                return await ReadAsync(command, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 3)
            {
                // Two calls with the same transfer id raced past the existence check; the loser
                // asks again and now sees the winner's row (answered as a duplicate).
            }
        }
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
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var joined = new NpgsqlCommand(BatchSql, connection, (NpgsqlTransaction)transaction.GetDbTransaction());
            AddBatchParameters(joined.Parameters, transfers, clock.GetUtcNow());
            return await ReadBatchAsync(joined, transfers.Count, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand(BatchSql);
                AddBatchParameters(command.Parameters, transfers, clock.GetUtcNow());
                return await ReadBatchAsync(command, transfers.Count, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 3)
            {
                // A transfer of the batch was posted by another call while this one checked; the
                // batch rolled back whole and, asked again, answers that one as a duplicate.
            }
        }
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

    private NpgsqlCommand CreateCommand(IDbContextTransaction transaction, LedgerTransfer transfer)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var command = new NpgsqlCommand(TransferSql, connection, (NpgsqlTransaction)transaction.GetDbTransaction());
        AddParameters(command.Parameters, transfer, clock.GetUtcNow());
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, LedgerTransfer t, DateTimeOffset now)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.Id });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.WorkspaceId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.FromAccountId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.ToAccountId });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = t.Amount });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.Kind });
        parameters.Add(Text(t.AllocationId));
        parameters.Add(Text(t.Channel));
        parameters.Add(Text(t.ReferenceId));
        parameters.Add(Text(t.ReversesTransferId));
        parameters.Add(Text(t.Description));
        parameters.Add(new NpgsqlParameter<string> { TypedValue = Ids.New(IdPrefixes.WalletTransaction) });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.WalletTxType });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.WalletTxSource });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = Ids.New(IdPrefixes.Ledger) });
        parameters.Add(Text(t.LedgerType));
        parameters.Add(new NpgsqlParameter<string> { TypedValue = t.LedgerCategory });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
    }

    private static void AddBatchParameters(NpgsqlParameterCollection parameters, IReadOnlyList<LedgerTransfer> t, DateTimeOffset now)
    {
        parameters.Add(Texts(t, x => x.Id));
        parameters.Add(Texts(t, x => x.WorkspaceId));
        parameters.Add(Texts(t, x => x.FromAccountId));
        parameters.Add(Texts(t, x => x.ToAccountId));
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = t.Select(x => x.Amount).ToArray() });
        parameters.Add(Texts(t, x => x.Kind));
        parameters.Add(Texts(t, x => x.AllocationId));
        parameters.Add(Texts(t, x => x.Channel));
        parameters.Add(Texts(t, x => x.ReferenceId));
        parameters.Add(Texts(t, x => x.ReversesTransferId));
        parameters.Add(Texts(t, x => x.Description));
        parameters.Add(Texts(t, _ => Ids.New(IdPrefixes.WalletTransaction)));
        parameters.Add(Texts(t, x => x.WalletTxType));
        parameters.Add(Texts(t, x => x.WalletTxSource));
        parameters.Add(Texts(t, _ => Ids.New(IdPrefixes.Ledger)));
        parameters.Add(Texts(t, x => x.LedgerType));
        parameters.Add(Texts(t, x => x.LedgerCategory));
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
    }

    private static NpgsqlParameter Texts(IReadOnlyList<LedgerTransfer> transfers, Func<LedgerTransfer, string?> pick) =>
        new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, Value = transfers.Select(pick).ToArray() };

    private static async Task<IReadOnlyList<TransferOutcome>> ReadBatchAsync(NpgsqlCommand command, int count, CancellationToken cancellationToken)
    {
        var outcomes = new TransferOutcome[count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            outcomes[reader.GetInt64(0) - 1] = new TransferOutcome(
                TransferOutcome.Parse(reader.GetString(1)),
                reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3));
        }
        if (outcomes.Any(o => o is null)) throw new InvalidOperationException("budget_transfer_batch left a transfer unanswered.");
        return outcomes;
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static async Task<TransferOutcome> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadRowAsync(reader, cancellationToken);
    }

    private static async Task<TransferOutcome> ReadRowAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken)) throw new InvalidOperationException("budget_transfer returned no row.");
        return new TransferOutcome(
            TransferOutcome.Parse(reader.GetString(0)),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }
}
