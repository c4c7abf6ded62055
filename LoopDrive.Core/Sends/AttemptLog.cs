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

    /// <summary>Every attempt of many sends in one round trip, by send id.</summary>
    public async Task<Dictionary<string, List<Row>>> ReadManyAsync(IReadOnlyList<string> sendIds, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, List<Row>>(StringComparer.Ordinal);
        if (sendIds.Count == 0) return rows;
        await using var command = database.CreateCommand(
            "select send_id, number, outcome, external_id, error_code, started_at from send_attempts where send_id = any($1) order by send_id, number");
        command.Parameters.AddWithValue(sendIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sendId = reader.GetString(0);
            if (!rows.TryGetValue(sendId, out var list)) rows[sendId] = list = [];
            list.Add(new Row(reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return rows;
    }

    public sealed record Start(Send Send, int Number, string Provider);

    /// <summary>Many attempts committed at once, before any of their provider calls.</summary>
    /// <returns>The send ids whose attempt this call recorded; the others are held by another worker.</returns>
    public async Task<HashSet<string>> StartManyAsync(IReadOnlyList<Start> starts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var mine = new HashSet<string>(StringComparer.Ordinal);
        if (starts.Count == 0) return mine;
        await using var command = database.CreateCommand("""
            insert into send_attempts (send_id, number, workspace_id, outcome, provider, started_at)
            select u.send_id, u.number, u.workspace_id, 'started', u.provider, $5
            from unnest($1::text[], $2::int[], $3::text[], $4::text[]) as u(send_id, number, workspace_id, provider)
            on conflict do nothing
            returning send_id
            """);
        command.Parameters.AddWithValue(starts.Select(s => s.Send.Id).ToArray());
        command.Parameters.AddWithValue(starts.Select(s => s.Number).ToArray());
        command.Parameters.AddWithValue(starts.Select(s => s.Send.WorkspaceId).ToArray());
        command.Parameters.AddWithValue(starts.Select(s => s.Provider).ToArray());
        command.Parameters.AddWithValue(at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) mine.Add(reader.GetString(0));
        return mine;
    }

    public sealed record Finish(string SendId, int Number, string Outcome, string? ExternalId, string? ErrorCode, DateTimeOffset At);

    /// <summary>
    /// After a list's provider calls: records each answer, and removes the attempts of sends that
    /// were never handed to the provider (the list stopped before them), so they go again instead
    /// of waiting for reconciliation. Never cancelled, like <see cref="FinishAsync"/>.
    /// </summary>
    public async Task SettleAsync(IReadOnlyList<Finish> finished, IReadOnlyList<(string SendId, int Number)> untouched)
    {
        if (finished.Count == 0 && untouched.Count == 0) return;
        await using var batch = database.CreateBatch();
        if (finished.Count > 0)
        {
            var update = new NpgsqlBatchCommand("""
                update send_attempts a set outcome = u.outcome, external_id = u.external_id, error_code = u.error_code, finished_at = u.finished_at
                from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) as u(send_id, number, outcome, external_id, error_code, finished_at)
                where a.send_id = u.send_id and a.number = u.number
                """);
            update.Parameters.Add(new NpgsqlParameter { Value = finished.Select(f => f.SendId).ToArray() });
            update.Parameters.Add(new NpgsqlParameter { Value = finished.Select(f => f.Number).ToArray() });
            update.Parameters.Add(new NpgsqlParameter { Value = finished.Select(f => f.Outcome).ToArray() });
            update.Parameters.Add(new NpgsqlParameter { Value = finished.Select(f => f.ExternalId).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter { Value = finished.Select(f => f.ErrorCode).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter { Value = finished.Select(f => f.At).ToArray() });
            batch.BatchCommands.Add(update);
        }
        if (untouched.Count > 0)
        {
            var delete = new NpgsqlBatchCommand("""
                delete from send_attempts a using unnest($1::text[], $2::int[]) as u(send_id, number)
                where a.send_id = u.send_id and a.number = u.number and a.outcome = 'started'
                """);
            delete.Parameters.Add(new NpgsqlParameter { Value = untouched.Select(u => u.SendId).ToArray() });
            delete.Parameters.Add(new NpgsqlParameter { Value = untouched.Select(u => u.Number).ToArray() });
            batch.BatchCommands.Add(delete);
        }
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
