using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Spine;

[Collection(ServersCollection.Name)]
public sealed class RedisOutageTests(TestServers servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Work_committed_while_redis_is_down_stays_in_the_outbox_and_is_delivered_once_redis_returns()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers);
        await servers.Redis.StopAsync();

        // The API-side use case commits regardless: the outbox row is the durable copy.
        string pingId;
        await using (var scope = spine.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspace);
            pingId = (await scope.ServiceProvider.GetRequiredService<RequestPing>().HandleAsync(workspace, CancellationToken.None)).Id;
        }
        await using (var db = servers.CreateDbContext())
        {
            var row = db.OutboxMessages.Single();
            await Eventually.TrueAsync(async () => (await servers.OutboxRowAsync(row.MessageId))?.Attempts >= 2,
                "the relay tries and records the failures");
            var failed = await servers.OutboxRowAsync(row.MessageId);
            Assert.NotNull(failed);
            Assert.False(string.IsNullOrEmpty(failed.LastError));
        }
        Assert.Equal(0, (await servers.PingAsync(pingId)).HandledCount);

        await servers.Redis.StartAgainAsync();

        await Eventually.TrueAsync(async () => (await servers.PingAsync(pingId)).HandledAt is not null, "the ping is handled after Redis returns");
        await Eventually.TrueAsync(() => spine.Redis.FullyConsumedAsync(StreamNames.OpsPing), "the entry is acknowledged");
        Assert.Equal(1, (await servers.PingAsync(pingId)).HandledCount);
        await Eventually.TrueAsync(async () => await servers.OutboxRowsAsync() == 0, "the relay removes the row it handed over");
    }
}
