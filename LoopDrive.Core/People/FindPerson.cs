using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoopDrive.Core.People;

/// <summary>Looks a person up by id, following merge tombstones to the survivor (GET on a merged id answers the target).</summary>
public sealed class FindPerson(IServiceProvider services, NpgsqlDataSource dataSource, IWorkspaceContext workspace)
{
    // Taken from the scope only by the paths that read through EF's connection: GET of a person
    // never uses it, and building a context it does not use cost more than its lookup.
    private LoopDriveDbContext? _db;

    private LoopDriveDbContext Db => _db ??= services.GetRequiredService<LoopDriveDbContext>();

    // A null workspace is the system context, which sees every workspace (as the EF query filter does).
    private const string Sql = $"SELECT {PersonColumns.Person} FROM persons p WHERE p.id = $1 AND ($2::text IS NULL OR p.workspace_id = $2)";

    /// <param name="track">Tracked, for an update; otherwise hand-mapped on the context's connection and transaction.</param>
    public async Task<Person?> HandleAsync(string id, CancellationToken cancellationToken, bool track = false)
    {
        if (track) return await FindTrackedAsync(id, cancellationToken);
        var db = Db;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection(),
                db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
            return await FollowAsync(command, id, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// For a caller holding no transaction (an API request that only reads the person): a pooled
    /// connection of its own, without starting EF's per-context services, which cost more than the lookup.
    /// </summary>
    public async Task<Person?> HandleWithoutTransactionAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        return await FollowAsync(command, id, cancellationToken);
    }

    private async Task<Person?> FollowAsync(NpgsqlCommand command, string id, CancellationToken cancellationToken)
    {
        var idParameter = new NpgsqlParameter<string> { TypedValue = id };
        command.Parameters.Add(idParameter);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = workspace.WorkspaceId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        // Prepared once per physical connection: every GET of a person runs this statement.
        await command.PrepareAsync(cancellationToken);
        var person = await ReadOneAsync(command, cancellationToken);
        // Merges can chain (a into b, b into c); each hop is one indexed lookup and chains are short.
        for (var hops = 0; person?.MergedIntoId is { } next && hops < 32; hops++)
        {
            idParameter.TypedValue = next;
            person = await ReadOneAsync(command, cancellationToken);
        }
        return person;
    }

    private static async Task<Person?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PersonColumns.ReadPerson(reader, 0) : null;
    }

    private async Task<Person?> FindTrackedAsync(string id, CancellationToken cancellationToken)
    {
        var db = Db;
        var person = await db.Persons.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        for (var hops = 0; person?.MergedIntoId is { } next && hops < 32; hops++)
            person = await db.Persons.FirstOrDefaultAsync(p => p.Id == next, cancellationToken);
        return person;
    }
}
