using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LoopDrive.Core.People;

/// <summary>
/// The read side of a resolve in one round trip: every identity of every person who owns one of
/// the given (type, value) pairs, each with its person. Hand-mapped SQL, because resolve is the
/// hottest path there is (every event carrying identities comes through it) and EF's pipeline cost
/// more than the indexed lookups.
/// </summary>
internal static class IdentityMatches
{
    public sealed record Row(Identity Identity, Person Person);

    // Exact pairs through unnest: each given pair is one probe of the (workspace_id, type, value) unique index.
    private const string Sql = $"""
        SELECT {PersonColumns.Identity}, {PersonColumns.Person}
        FROM identities i JOIN persons p ON p.id = i.person_id
        WHERE i.workspace_id = $1 AND i.person_id IN (
            SELECT m.person_id FROM unnest($2::text[], $3::text[]) AS g(type, value)
            JOIN identities m ON m.workspace_id = $1 AND m.type = g.type AND m.value = g.value)
        """;

    /// <summary>On the context's connection and transaction: sees what the caller's unit of work wrote.</summary>
    public static async Task<List<Row>> FindAsync(LoopDriveDbContext db, string workspaceId, IReadOnlyList<NormalizedIdentity> given,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection(),
                db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
            return await ReadAsync(command, workspaceId, given, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// On a pooled connection of its own, without starting EF's per-context services, which cost
    /// more than the query: for callers that hold no transaction (an API request).
    /// </summary>
    public static async Task<List<Row>> FindAsync(NpgsqlDataSource dataSource, string workspaceId, IReadOnlyList<NormalizedIdentity> given,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        return await ReadAsync(command, workspaceId, given, cancellationToken);
    }

    private static async Task<List<Row>> ReadAsync(NpgsqlCommand command, string workspaceId, IReadOnlyList<NormalizedIdentity> given,
        CancellationToken cancellationToken)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workspaceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. given.Select(g => g.Type)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. given.Select(g => g.Value)] });
        // Planning this join costs several times what running it does; a statement prepared once per
        // physical connection is planned once (its generic plan keeps every step an index probe).
        await command.PrepareAsync(cancellationToken);
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // A person owning several identities comes once per identity; one instance serves them all.
        var persons = new Dictionary<string, Person>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var identity = PersonColumns.ReadIdentity(reader, 0);
            if (!persons.TryGetValue(identity.PersonId, out var person))
                persons[identity.PersonId] = person = PersonColumns.ReadPerson(reader, PersonColumns.IdentityCount);
            rows.Add(new Row(identity, person));
        }
        return rows;
    }
}
