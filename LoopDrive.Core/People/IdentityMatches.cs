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

    // One (type = $n AND value = $n+1) per given pair, each a probe of the (workspace_id, type, value)
    // unique index. Scalar parameters rather than two arrays: binding arrays cost more CPU than the
    // probes, and a request names at most a few identities, so one statement per count stays small.
    private static readonly string[] SqlByCount = [.. Enumerable.Range(0, 9).Select(BuildSql)];

    private static string Sql(int count) => count < SqlByCount.Length ? SqlByCount[count] : BuildSql(count);

    private static string BuildSql(int count)
    {
        var pairs = string.Join(" OR ", Enumerable.Range(0, count).Select(n => $"(m.type = ${2 + 2 * n} AND m.value = ${3 + 2 * n})"));
        return $"""
            SELECT {PersonColumns.Identity}, {PersonColumns.Person}
            FROM identities i JOIN persons p ON p.id = i.person_id
            WHERE i.workspace_id = $1 AND i.person_id IN (
                SELECT m.person_id FROM identities m WHERE m.workspace_id = $1 AND ({(count == 0 ? "false" : pairs)}))
            """;
    }

    /// <summary>On the context's connection and transaction: sees what the caller's unit of work wrote.</summary>
    public static async Task<List<Row>> FindAsync(LoopDriveDbContext db, string workspaceId, IReadOnlyList<NormalizedIdentity> given,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql(given.Count), (NpgsqlConnection)db.Database.GetDbConnection(),
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
        await using var command = new NpgsqlCommand(Sql(given.Count), connection);
        return await ReadAsync(command, workspaceId, given, cancellationToken);
    }

    private static async Task<List<Row>> ReadAsync(NpgsqlCommand command, string workspaceId, IReadOnlyList<NormalizedIdentity> given,
        CancellationToken cancellationToken)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workspaceId });
        foreach (var identity in given)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identity.Type });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identity.Value });
        }
        // Planning this join costs several times what running it does; a statement prepared once per
        // physical connection is planned once (its generic plan keeps every step an index probe).
        await command.PrepareAsync(cancellationToken);
        var rows = new List<Row>(4);
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
