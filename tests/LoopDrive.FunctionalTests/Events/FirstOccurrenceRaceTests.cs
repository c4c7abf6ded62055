using LoopDrive.FunctionalTests.Infrastructure;
using Npgsql;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>
/// A person's only <c>email.sent</c> is deleted while another transaction stores a later one:
/// whichever commits first, <c>event_firsts</c> must end up naming the event that is left.
/// Each statement runs on its own connection in an open transaction, so the interleaving is the
/// one named, not the scheduler's.
/// </summary>
public sealed class FirstOccurrenceRaceTests(TestServers servers) : EventsTest(servers)
{
    private static readonly DateTimeOffset First = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = First.AddHours(1);

    [Fact]
    public async Task An_insert_begun_while_the_first_is_being_deleted_becomes_the_first()
    {
        var (database, person, firstId) = await SeedAsync("race-delete-first@example.com");
        await using var _ = database;
        await using var deleting = await database.OpenConnectionAsync();
        await using var deleteTx = await deleting.BeginTransactionAsync();
        await ExecuteAsync(deleting, "DELETE FROM events WHERE id = $1", firstId);

        await using var inserting = await database.OpenConnectionAsync();
        await using var insertTx = await inserting.BeginTransactionAsync();
        var insert = InsertAsync(inserting, person, "ev_race_later_a", Later);
        await UntilDoneOrWaitingOnLockAsync(database, insert, inserting.ProcessID);

        await deleteTx.CommitAsync();
        await insert;
        await insertTx.CommitAsync();

        Assert.Equal(Later, await FirstAsync(database, person));
    }

    [Fact]
    public async Task A_delete_begun_while_a_later_insert_is_uncommitted_leaves_that_insert_as_the_first()
    {
        var (database, person, firstId) = await SeedAsync("race-insert-first@example.com");
        await using var _ = database;
        await using var inserting = await database.OpenConnectionAsync();
        await using var insertTx = await inserting.BeginTransactionAsync();
        await InsertAsync(inserting, person, "ev_race_later_b", Later);

        await using var deleting = await database.OpenConnectionAsync();
        await using var deleteTx = await deleting.BeginTransactionAsync();
        var delete = ExecuteAsync(deleting, "DELETE FROM events WHERE id = $1", firstId);
        await UntilDoneOrWaitingOnLockAsync(database, delete, deleting.ProcessID);

        await insertTx.CommitAsync();
        await delete;
        await deleteTx.CommitAsync();

        Assert.Equal(Later, await FirstAsync(database, person));
    }

    private async Task<(NpgsqlDataSource Database, string Person, string FirstId)> SeedAsync(string email)
    {
        var person = await NewPersonAsync(email);
        var database = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using var connection = await database.OpenConnectionAsync();
        await InsertAsync(connection, person, "ev_race_first_" + person, First);
        Assert.Equal(First, await FirstAsync(database, person));
        return (database, person, "ev_race_first_" + person);
    }

    private Task InsertAsync(NpgsqlConnection connection, string person, string id, DateTimeOffset ts) => ExecuteAsync(connection,
        "INSERT INTO events (id, workspace_id, person_id, type, channel, source, payload, ts) VALUES ($1, $2, $3, 'email.sent', 'email', 'test', '{}', $4)",
        id, WorkspaceId, person, ts);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<DateTimeOffset?> FirstAsync(NpgsqlDataSource database, string person)
    {
        await using var command = database.CreateCommand("SELECT ts FROM event_firsts WHERE workspace_id = $1 AND type = 'email.sent' AND person_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = WorkspaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = person });
        return await command.ExecuteScalarAsync() is DateTime ts ? new DateTimeOffset(ts, TimeSpan.Zero) : null;
    }

    /// <summary>The statement has either run to its end or is queued behind the other transaction's lock.</summary>
    private static async Task UntilDoneOrWaitingOnLockAsync(NpgsqlDataSource database, Task statement, int backend)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!statement.IsCompleted)
        {
            await using var command = database.CreateCommand("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = backend });
            if (await command.ExecuteScalarAsync() is true) return;
            Assert.True(DateTime.UtcNow < deadline, "The statement neither finished nor waited on a lock.");
            await Task.Delay(20);
        }
        await statement;
    }
}
