using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Spine;

[Collection(ServersCollection.Name)]
public sealed class RelayCrashTests(TestServers servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_relay_that_dies_after_XADD_but_before_marking_sent_sends_twice_and_the_inbox_absorbs_the_duplicate()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers, new Dictionary<string, string?> { ["Spine:RelayEnabled"] = "false" });
        var relay = spine.Services.GetRequiredService<OutboxRelay>();
        var (pingId, messageId) = await spine.RequestPingAsync(workspace);

        await Assert.ThrowsAsync<SimulatedCrashException>(() =>
            relay.RelayOnceAsync(_ => throw new SimulatedCrashException(), CancellationToken.None));

        var unsent = await servers.OutboxRowAsync(messageId);
        Assert.NotNull(unsent);
        Assert.Equal(1, unsent.Attempts);
        Assert.Contains(nameof(SimulatedCrashException), unsent.LastError, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await servers.PingAsync(pingId)).HandledAt is not null, "the first copy is handled");

        Assert.Equal(1, await relay.RelayOnceAsync(CancellationToken.None));
        Assert.Null(await servers.OutboxRowAsync(messageId));

        var entries = await spine.Redis.StreamRangeAsync(StreamNames.OpsPing, "-", "+");
        Assert.Equal(2, entries.Length);
        Assert.All(entries, e => Assert.Equal(messageId, (string?)e[StreamEntryFields.MessageId]));
        await Eventually.TrueAsync(() => spine.Redis.FullyConsumedAsync(StreamNames.OpsPing), "both copies are read and acknowledged");

        Assert.Equal(1, (await servers.PingAsync(pingId)).HandledCount);
        Assert.Equal(1, await servers.InboxRowsAsync(messageId));
    }

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException() : base("The relay process died here.") { }
    }
}
