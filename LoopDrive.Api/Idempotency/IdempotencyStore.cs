using Npgsql;

namespace LoopDrive.Api.Idempotency;

/// <summary>
/// The <c>idempotency_records</c> table through plain SQL: a claim is one INSERT … ON CONFLICT,
/// so two concurrent first calls cannot both run the handler.
/// </summary>
internal sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    internal sealed record StoredResponse(int StatusCode, string? ContentType, byte[] Body, string? Location);

    internal abstract record Claim
    {
        public sealed record Acquired : Claim;
        public sealed record Completed(StoredResponse Response) : Claim;
        public sealed record InFlight : Claim;
        public sealed record DifferentRequest : Claim;
    }

    public async Task<Claim> TryClaimAsync(string apiKeyId, string key, string requestHash, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO idempotency_records (api_key_id, key, request_hash, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (api_key_id, key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                    status_code = NULL, content_type = NULL, response_body = NULL, location = NULL
                WHERE idempotency_records.expires_at < EXCLUDED.created_at
            """, connection))
        {
            insert.Parameters.Add(new() { Value = apiKeyId });
            insert.Parameters.Add(new() { Value = key });
            insert.Parameters.Add(new() { Value = requestHash });
            insert.Parameters.Add(new() { Value = now });
            insert.Parameters.Add(new() { Value = now + keepFor });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                return new Claim.Acquired();
        }

        await using var select = new NpgsqlCommand("""
            SELECT request_hash, status_code, content_type, response_body, location
            FROM idempotency_records WHERE api_key_id = $1 AND key = $2
            """, connection);
        select.Parameters.Add(new() { Value = apiKeyId });
        select.Parameters.Add(new() { Value = key });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new Claim.InFlight(); // released between our insert and select: the caller retries
        if (reader.GetString(0) != requestHash)
            return new Claim.DifferentRequest();
        if (reader.IsDBNull(1))
            return new Claim.InFlight();
        return new Claim.Completed(new StoredResponse(
            reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? [] : (byte[])reader[3],
            reader.IsDBNull(4) ? null : reader.GetString(4)));
    }

    public async Task CompleteAsync(string apiKeyId, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE idempotency_records SET status_code = $3, content_type = $4, response_body = $5, location = $6
            WHERE api_key_id = $1 AND key = $2
            """);
        command.Parameters.Add(new() { Value = apiKeyId });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = response.StatusCode });
        command.Parameters.Add(new() { Value = (object?)response.ContentType ?? DBNull.Value });
        command.Parameters.Add(new() { Value = response.Body });
        command.Parameters.Add(new() { Value = (object?)response.Location ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A call that failed with a fault leaves no record, so its retry runs again.</summary>
    public async Task ReleaseAsync(string apiKeyId, string key)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_records WHERE api_key_id = $1 AND key = $2 AND status_code IS NULL");
        command.Parameters.Add(new() { Value = apiKeyId });
        command.Parameters.Add(new() { Value = key });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public async Task<int> PruneExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_records WHERE expires_at < $1");
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
