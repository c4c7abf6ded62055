using Npgsql;

namespace LoopDrive.Core.Sends;

/// <summary>
/// Provider attempts, written on their own connection and committed at once — outside the
/// consumer's transaction, so a rollback or a crash after the provider call cannot erase the fact
/// that the call was made.
/// </summary>
public sealed class AttemptLog(NpgsqlDataSource database)
{
    public sealed record Row(int Number, string Outcome, string? ExternalId, string? ErrorCode, DateTimeOffset StartedAt);

    public async Task<IReadOnlyList<Row>> ReadAsync(string sendId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "select number, outcome, external_id, error_code, started_at from send_attempts where send_id = $1 order by number");
        command.Parameters.AddWithValue(sendId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Row>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new Row(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }

    /// <returns>False when another worker already holds this attempt number: it, not we, calls the provider.</returns>
    public async Task<bool> StartAsync(Send send, int number, string provider, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "insert into send_attempts (send_id, number, workspace_id, outcome, provider, started_at) values ($1, $2, $3, 'started', $4, $5) on conflict do nothing");
        command.Parameters.AddWithValue(send.Id);
        command.Parameters.AddWithValue(number);
        command.Parameters.AddWithValue(send.WorkspaceId);
        command.Parameters.AddWithValue(provider);
        command.Parameters.AddWithValue(at);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Records the provider's answer; never cancelled, because losing it would turn a known result into an unknown one.</summary>
    public async Task FinishAsync(string sendId, int number, string outcome, string? externalId, string? errorCode, DateTimeOffset at)
    {
        await using var command = database.CreateCommand(
            "update send_attempts set outcome = $3, external_id = $4, error_code = $5, finished_at = $6 where send_id = $1 and number = $2");
        command.Parameters.AddWithValue(sendId);
        command.Parameters.AddWithValue(number);
        command.Parameters.AddWithValue(outcome);
        command.Parameters.AddWithValue((object?)externalId ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)errorCode ?? DBNull.Value);
        command.Parameters.AddWithValue(at);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
