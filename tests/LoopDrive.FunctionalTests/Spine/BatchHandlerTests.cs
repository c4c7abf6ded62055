using System.Collections.Concurrent;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Spine;

[Collection(ServersCollection.Name)]
public sealed class BatchHandlerTests(TestServers servers) : IAsyncLifetime
{
    internal const string Stream = "test.batch";

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_batch_handler_is_called_once_per_workspace_with_that_workspace_set_and_handles_each_message_once()
    {
        var calls = new CallLog();
        var first = Ids.New(IdPrefixes.Workspace);
        var second = Ids.New(IdPrefixes.Workspace);
        var pings = new List<(string PingId, string Workspace)>();

        // Written before the consumer runs, so one read returns messages of both workspaces interleaved.
        await using (var writer = await SpineHost.StartAsync(servers, new Dictionary<string, string?> { ["Spine:ConsumersEnabled"] = "false" }))
        {
            for (var i = 0; i < 20; i++)
            {
                var workspace = i % 2 == 0 ? first : second;
                pings.Add(((await writer.RequestPingAsync(workspace, Stream)).PingId, workspace));
            }
            await Eventually.TrueAsync(async () => await writer.Redis.StreamLengthAsync(Stream) == 20, "the relay adds every message");
        }

        await using var spine = await SpineHost.StartAsync(servers, null, s =>
        {
            s.AddSingleton(calls);
            s.AddStreamConsumer<RecordingBatchHandler, PingRequested>();
        });
        await Eventually.TrueAsync(() => spine.Redis.FullyConsumedAsync(Stream), "every message is handled and acknowledged");

        foreach (var (pingId, _) in pings)
            Assert.Equal(1, (await servers.PingAsync(pingId)).HandledCount);
        var recorded = calls.ToList();
        Assert.All(recorded, call => Assert.All(call.MessageWorkspaces, w => Assert.Equal(call.ContextWorkspace, w)));
        Assert.Contains(recorded, call => call.MessageWorkspaces.Count > 1);
        Assert.Equal(20, recorded.Sum(c => c.MessageWorkspaces.Count));
    }

    [Fact]
    public async Task One_bad_message_in_a_batch_fails_alone_and_the_rest_commit()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        var good = new List<string>();
        string poisonId;
        await using (var writer = await SpineHost.StartAsync(servers, new Dictionary<string, string?> { ["Spine:ConsumersEnabled"] = "false" }))
        {
            for (var i = 0; i < 5; i++) good.Add((await writer.RequestPingAsync(workspace, Stream)).PingId);
            await using (var scope = writer.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<LoopDrive.Core.Data.LoopDriveDbContext>();
                poisonId = scope.ServiceProvider.GetRequiredService<Outbox>()
                    .Enqueue(Stream, new PingRequested(Ids.New(IdPrefixes.Ping), workspace), workspace);
                await db.SaveChangesAsync();
            }
            for (var i = 0; i < 5; i++) good.Add((await writer.RequestPingAsync(workspace, Stream)).PingId);
            await Eventually.TrueAsync(async () => await writer.Redis.StreamLengthAsync(Stream) == 11, "the relay adds every message");
        }

        await using var spine = await SpineHost.StartAsync(servers, null, s =>
        {
            s.AddSingleton(new CallLog());
            s.AddStreamConsumer<RecordingBatchHandler, PingRequested>();
        });
        await Eventually.TrueAsync(async () => await spine.Redis.StreamLengthAsync(StreamNames.DeadLetter(Stream)) == 1, "the bad message is dead-lettered");
        await Eventually.TrueAsync(() => spine.Redis.FullyConsumedAsync(Stream), "nothing stays pending");

        foreach (var pingId in good)
            Assert.Equal(1, (await servers.PingAsync(pingId)).HandledCount);
        Assert.Equal(0, await servers.InboxRowsAsync(poisonId));
    }

    internal sealed record Call(string? ContextWorkspace, IReadOnlyList<string> MessageWorkspaces);

    internal sealed class CallLog : ConcurrentQueue<Call>;

    internal sealed class RecordingBatchHandler(HandlePing handlePing, IWorkspaceContext workspace, CallLog calls)
        : IStreamBatchHandler<PingRequested>
    {
        public static string Stream => BatchHandlerTests.Stream;

        public async Task HandleBatchAsync(IReadOnlyList<StreamMessage<PingRequested>> messages, CancellationToken cancellationToken)
        {
            await handlePing.HandleAsync([.. messages.Select(m => m.Message)], cancellationToken);
            calls.Enqueue(new Call(workspace.WorkspaceId, [.. messages.Select(m => m.Context.WorkspaceId ?? "")]));
        }
    }
}
