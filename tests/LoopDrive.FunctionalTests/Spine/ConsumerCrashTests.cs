using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Spine;

[Collection(ServersCollection.Name)]
public sealed class ConsumerCrashTests(TestServers servers) : IAsyncLifetime
{
    private const string Stream = "test.blocking";

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_consumer_stopped_mid_message_leaves_the_entry_to_another_consumer_and_the_effect_happens_exactly_once()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        var stuck = new HandlerGate(block: true);
        var first = await SpineHost.StartAsync(servers,
            new Dictionary<string, string?> { ["Spine:ConsumerName"] = "consumer-a" },
            services => services.AddSingleton(stuck).AddStreamConsumer<GatedPingHandler, PingRequested>());
        string pingId, messageId;
        try
        {
            (pingId, messageId) = await first.RequestPingAsync(workspace, Stream);
            // The effect ran inside the consumer's transaction; then the handler hangs before commit.
            await stuck.Entered.Task.WaitAsync(Eventually.DefaultTimeout);
            Assert.Equal(1, await first.Redis.PendingAsync(Stream));
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.Equal(0, (await servers.PingAsync(pingId)).HandledCount);
        Assert.Equal(0, await servers.InboxRowsAsync(messageId));

        await using var second = await SpineHost.StartAsync(servers,
            new Dictionary<string, string?> { ["Spine:ConsumerName"] = "consumer-b", ["Spine:RelayEnabled"] = "false" },
            services => services.AddSingleton(new HandlerGate(block: false)).AddStreamConsumer<GatedPingHandler, PingRequested>());

        await Eventually.TrueAsync(() => second.Redis.FullyConsumedAsync(Stream), "consumer-b reclaims and acknowledges the entry");
        var ping = await servers.PingAsync(pingId);
        Assert.Equal(1, ping.HandledCount);
        Assert.Equal(1, await servers.InboxRowsAsync(messageId));
        var pending = await second.Redis.StreamPendingAsync(Stream, SpineOptions.DefaultGroup);
        Assert.Equal(0, pending.PendingMessageCount);
    }

    internal sealed class HandlerGate(bool block)
    {
        public bool Block { get; } = block;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal sealed class GatedPingHandler(HandlePing handlePing, HandlerGate gate) : IStreamHandler<PingRequested>
    {
        public static string Stream => ConsumerCrashTests.Stream;

        public async Task HandleAsync(PingRequested message, StreamMessageContext context, CancellationToken cancellationToken)
        {
            await handlePing.HandleAsync([message], cancellationToken);
            if (!gate.Block) return;
            gate.Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
