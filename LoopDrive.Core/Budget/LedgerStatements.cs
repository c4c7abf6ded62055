using LoopDrive.Core.Common;
using Npgsql;

namespace LoopDrive.Core.Budget;

/// <summary>
/// The ledger's two database calls, <c>budget_transfer</c> and <c>budget_transfer_batch</c>: their
/// SQL, parameters and answers, on a caller's connection and transaction or standalone on a pooled
/// connection (committing alone, asked again after a unique-key race).
/// </summary>
internal static class LedgerStatements
{
    private const string TransferSql =
        "SELECT status, from_balance, to_balance FROM budget_transfer($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";

    private const string BatchSql =
        "SELECT ord, status, from_balance, to_balance FROM budget_transfer_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";

    public static async Task<TransferOutcome> TransferAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LedgerTransfer transfer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TransferSql, connection, transaction);
        AddParameters(command.Parameters, transfer, now);
        return await ReadAsync(command, cancellationToken);
    }

    public static async Task<IReadOnlyList<TransferOutcome>> TransferBatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LedgerTransfer> transfers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(BatchSql, connection, transaction);
        AddBatchParameters(command.Parameters, transfers, now);
        return await ReadBatchAsync(command, transfers.Count, cancellationToken);
    }

    public static Task<TransferOutcome> TransferAloneAsync(
        NpgsqlDataSource dataSource, LedgerTransfer transfer, TimeProvider clock, CancellationToken cancellationToken) =>
        AskAgainAfterRaceAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(TransferSql);
            AddParameters(command.Parameters, transfer, clock.GetUtcNow());
            return await ReadAsync(command, cancellationToken);
        });

    public static Task<IReadOnlyList<TransferOutcome>> TransferBatchAloneAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<LedgerTransfer> transfers, TimeProvider clock, CancellationToken cancellationToken) =>
        AskAgainAfterRaceAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(BatchSql);
            AddBatchParameters(command.Parameters, transfers, clock.GetUtcNow());
            return await ReadBatchAsync(command, transfers.Count, cancellationToken);
        });

    /// <summary>
    /// Another call posted one of the same transfer ids between this call's existence check and its
    /// insert: the statement rolled back whole, and asked again it sees the winner's row and answers
    /// that transfer as a duplicate.
    /// </summary>
    private static async Task<T> AskAgainAfterRaceAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 3)
            {
                // The loop asks again; see the summary.
            }
        }
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
        if (!await reader.ReadAsync(cancellationToken)) throw new InvalidOperationException("budget_transfer returned no row.");
        return new TransferOutcome(
            TransferOutcome.Parse(reader.GetString(0)),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2));
    }
}
