using Npgsql;

namespace LoopDrive.Core.Events;

/// <summary>
/// Deletes key-less fingerprints past their window (<see cref="KeylessFingerprint.Window"/>), one
/// bounded chunk per call. An expired row left behind costs nothing but space: a repeat after the
/// window takes it over.
/// </summary>
public sealed class PruneEventFingerprints(NpgsqlDataSource database, TimeProvider clock)
{
    public const int ChunkSize = 50_000;

    /// <returns>How many rows were deleted; a full chunk means more may be waiting.</returns>
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            DELETE FROM event_fingerprints
            WHERE ctid = ANY (ARRAY(SELECT ctid FROM event_fingerprints WHERE created_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED))
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() - KeylessFingerprint.Window });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ChunkSize });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
