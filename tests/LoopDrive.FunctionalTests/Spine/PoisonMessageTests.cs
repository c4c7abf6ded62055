using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Spine;

[Collection(ServersCollection.Name)]
public sealed class PoisonMessageTests(TestServers servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_message_that_always_fails_is_dead_lettered_after_the_configured_deliveries_and_later_messages_still_flow()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers);
        var dead = StreamNames.DeadLetter(StreamNames.OpsPing);

        // A ping request for a ping that does not exist: the handler throws on every delivery.
        var missingPing = Ids.New(IdPrefixes.Ping);
        string poisonId;
        await using (var scope = spine.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
            poisonId = scope.ServiceProvider.GetRequiredService<Outbox>()
                .Enqueue(StreamNames.OpsPing, new PingRequested(missingPing, workspace), workspace);
            await db.SaveChangesAsync();
        }
        var (goodBefore, _) = await spine.RequestPingAsync(workspace);

        await Eventually.TrueAsync(async () => await spine.Redis.StreamLengthAsync(dead) == 1, "the poison message is dead-lettered");

        var letter = (await spine.Redis.StreamRangeAsync(dead, "-", "+")).Single();
        Assert.Equal(poisonId, (string?)letter[StreamEntryFields.MessageId]);
        Assert.Equal("3", (string?)letter[StreamEntryFields.Deliveries]);
        Assert.Contains("does not exist", (string?)letter[StreamEntryFields.Error], StringComparison.Ordinal);
        Assert.Contains(missingPing, (string?)letter[StreamEntryFields.Payload], StringComparison.Ordinal);
        Assert.Equal(nameof(PingRequested), (string?)letter[StreamEntryFields.Type]);
        Assert.Equal(workspace, (string?)letter[StreamEntryFields.WorkspaceId]);

        var (goodAfter, _) = await spine.RequestPingAsync(workspace);
        await Eventually.TrueAsync(async () => (await servers.PingAsync(goodAfter)).HandledAt is not null, "a later message is handled");
        await Eventually.TrueAsync(() => spine.Redis.FullyConsumedAsync(StreamNames.OpsPing), "nothing stays pending");

        Assert.Equal(1, (await servers.PingAsync(goodBefore)).HandledCount);
        Assert.Equal(1, (await servers.PingAsync(goodAfter)).HandledCount);
        Assert.Equal(0, await servers.InboxRowsAsync(poisonId));
        Assert.Equal(1, await spine.Redis.StreamLengthAsync(dead));
    }

    [Fact]
    public async Task An_entry_whose_type_does_not_match_the_handler_is_dead_lettered_without_retries()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers);
        await using (var scope = spine.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
            scope.ServiceProvider.GetRequiredService<Outbox>()
                .Enqueue(StreamNames.OpsPing, new QueueStats("x", 0, 0, 0, 0, 0, "ok"), workspace);
            await db.SaveChangesAsync();
        }
        var dead = StreamNames.DeadLetter(StreamNames.OpsPing);

        await Eventually.TrueAsync(async () => await spine.Redis.StreamLengthAsync(dead) == 1, "the mistyped entry is dead-lettered");

        var letter = (await spine.Redis.StreamRangeAsync(dead, "-", "+")).Single();
        Assert.Equal("1", (string?)letter[StreamEntryFields.Deliveries]);
        Assert.Contains(nameof(UnexpectedMessageTypeException), (string?)letter[StreamEntryFields.Error], StringComparison.Ordinal);
    }
}
