using LoopDrive.Core.Common;
using LoopDrive.Core.Data.Migrations;
using LoopDrive.FunctionalTests.Infrastructure;
using Npgsql;

namespace LoopDrive.FunctionalTests.Spine;

/// <summary>
/// Outbox writers NOTIFY only while no relay is awake; an awake relay finds rows by polling, and
/// goes back to sleep (writers notify again) once rows stop coming.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RelayAwakeGateTests(TestServers servers) : IAsyncLifetime
{
    private static readonly TimeSpan NotificationWait = TimeSpan.FromSeconds(10);

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_writer_notifies_unless_a_relay_holds_an_unexpired_lease()
    {
        await using var listener = await ListenAsync();

        await InsertOutboxRowAsync();
        Assert.Equal("", await NextNotificationAsync(listener));

        await SetLeaseAsync(TimeSpan.FromMinutes(5));
        await InsertOutboxRowAsync();
        // Notifications arrive in commit order: had the insert notified, its (empty) payload would come first.
        await NotifyAsync("marker");
        Assert.Equal("marker", await NextNotificationAsync(listener));

        await SetLeaseAsync(TimeSpan.FromMinutes(-1));
        await InsertOutboxRowAsync();
        Assert.Equal("", await NextNotificationAsync(listener));
    }

    [Fact]
    public async Task An_awake_relay_finds_rows_without_notifications_and_sleeps_once_they_stop()
    {
        // Polling while asleep is pushed out of the test's reach: only NOTIFYs and awake polling deliver.
        await using var spine = await SpineHost.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Spine:RelayPollInterval"] = "00:10:00",
            ["Spine:RelayActivePollInterval"] = "00:00:00.005",
            ["Spine:RelayLinger"] = "00:00:05",
        });
        var workspace = Ids.New(IdPrefixes.Workspace);

        var (first, _) = await spine.RequestPingAsync(workspace);
        await Eventually.TrueAsync(async () => (await servers.PingAsync(first)).HandledAt is not null, "the first ping is handled");
        await Eventually.TrueAsync(async () => await LeasesAsync() == 1, "the relay holds a lease");

        await using (var listener = await ListenAsync())
        {
            var (second, _) = await spine.RequestPingAsync(workspace);
            await NotifyAsync("marker");
            Assert.Equal("marker", await NextNotificationAsync(listener));
            await Eventually.TrueAsync(async () => (await servers.PingAsync(second)).HandledAt is not null, "the second ping is handled without a NOTIFY");
        }

        await Eventually.TrueAsync(async () => await LeasesAsync() == 0, "the relay gives its lease up");

        var (third, _) = await spine.RequestPingAsync(workspace);
        await Eventually.TrueAsync(async () => (await servers.PingAsync(third)).HandledAt is not null, "a ping written while the relay sleeps wakes it");
    }

    private async Task<NpgsqlConnection> ListenAsync()
    {
        var connection = new NpgsqlConnection(servers.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var listen = new NpgsqlCommand($"LISTEN {SpineNotifyAndVectorIndex.OutboxChannel}", connection);
        await listen.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<string> NextNotificationAsync(NpgsqlConnection listener)
    {
        string? payload = null;
        void OnNotification(object _, NpgsqlNotificationEventArgs e) => payload ??= e.Payload;
        listener.Notification += OnNotification;
        try
        {
            using var timeout = new CancellationTokenSource(NotificationWait);
            while (payload is null) await listener.WaitAsync(timeout.Token);
            return payload;
        }
        finally
        {
            listener.Notification -= OnNotification;
        }
    }

    private Task InsertOutboxRowAsync() => ExecuteAsync(
        "INSERT INTO outbox (message_id, stream, type, payload, created_at, attempts) VALUES ($1, 'test.gate', 'Probe', '{}', now(), 0)",
        Ids.New(IdPrefixes.Message));

    private Task SetLeaseAsync(TimeSpan remaining) => ExecuteAsync(
        """
        INSERT INTO outbox_relay_awake (relay_id, awake_until) VALUES ('test-relay', clock_timestamp() + $1)
        ON CONFLICT (relay_id) DO UPDATE SET awake_until = excluded.awake_until
        """,
        remaining);

    private Task NotifyAsync(string payload) => ExecuteAsync(
        $"SELECT pg_notify('{SpineNotifyAndVectorIndex.OutboxChannel}', $1)", payload);

    private async Task<long> LeasesAsync()
    {
        await using var connection = new NpgsqlConnection(servers.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox_relay_awake WHERE awake_until > clock_timestamp()", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(servers.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter { Value = parameter } } };
        await command.ExecuteNonQueryAsync();
    }
}
