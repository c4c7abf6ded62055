using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LoopDrive.FunctionalTests.Spine;

/// <summary>
/// The relay's claim starts past the rows it already relayed, yet never strands a row: one whose
/// transaction drew a lower id but commits late is still claimed at once, and one that slips below
/// the floor anyway is claimed by the next sweep.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RelayScanFloorTests(TestServers servers) : IAsyncLifetime
{
    private const string Stream = "test.relay-floor";

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_row_whose_transaction_commits_after_later_rows_were_relayed_is_claimed_on_the_next_pass()
    {
        await using var spine = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var relay = spine.Services.GetRequiredService<OutboxRelay>();

        await using var late = await OpenAsync();
        await using var lateTransaction = await late.BeginTransactionAsync();
        var lateId = await InsertAsync(late, lateTransaction);
        // Passes while no transaction ends: a snapshot's xmax (one past the newest ended transaction)
        // would count the late transaction as ended already.
        Assert.Equal(0, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Equal(0, await relay.RelayOnceAsync(CancellationToken.None));
        for (var pass = 0; pass < 4; pass++)
        {
            var id = await InsertAsync();
            Assert.True(id > lateId);
            Assert.Equal(1, await relay.RelayOnceAsync(CancellationToken.None));
        }

        await lateTransaction.CommitAsync();

        Assert.Equal(1, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.True(await SentAsync(lateId));
    }

    [Fact]
    public async Task The_floor_moves_past_relayed_rows_and_a_row_below_it_is_claimed_by_the_next_sweep()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var spine = await StartAsync(clock);
        var relay = spine.Services.GetRequiredService<OutboxRelay>();
        for (var pass = 0; pass < 4; pass++)
        {
            await InsertAsync();
            Assert.Equal(1, await relay.RelayOnceAsync(CancellationToken.None));
        }

        // A row below every relayed id, as if its claim by another relay had been rolled back.
        const long strayId = -1;
        await InsertAsync(explicitId: strayId);
        Assert.Equal(0, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.False(await SentAsync(strayId));

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.True(await SentAsync(strayId));
    }

    private Task<SpineHost> StartAsync(FakeTimeProvider clock) =>
        SpineHost.StartAsync(servers,
            new Dictionary<string, string?>
            {
                ["Spine:RelayEnabled"] = "false",
                ["Spine:ConsumersEnabled"] = "false",
                ["Spine:RelaySweepInterval"] = "00:01:00",
            },
            services => services.AddSingleton<TimeProvider>(clock));

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(servers.DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<long> InsertAsync(NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null, long? explicitId = null)
    {
        await using var own = connection is null ? await OpenAsync() : null;
        await using var insert = new NpgsqlCommand(explicitId is null
            ? "INSERT INTO outbox (message_id, stream, type, payload, created_at, attempts) VALUES ($1, $2, 'test', '{}', now(), 0) RETURNING id"
            : "INSERT INTO outbox (id, message_id, stream, type, payload, created_at, attempts) OVERRIDING SYSTEM VALUE VALUES ($3, $1, $2, 'test', '{}', now(), 0) RETURNING id",
            connection ?? own, transaction);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Guid.NewGuid().ToString("N") });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Stream });
        if (explicitId is not null) insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = explicitId.Value });
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    private async Task<bool> SentAsync(long id)
    {
        await using var connection = await OpenAsync();
        // The relay deletes what it has handed to Redis.
        await using var query = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE id = $1)", connection);
        query.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        return (bool)(await query.ExecuteScalarAsync())!;
    }
}
