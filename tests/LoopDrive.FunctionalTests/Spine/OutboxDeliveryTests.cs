using System.Collections.Concurrent;
using System.Diagnostics;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.FunctionalTests.Spine;

[Collection(ServersCollection.Name)]
public sealed class OutboxDeliveryTests(TestServers servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_message_written_through_the_outbox_reaches_its_consumer_and_its_effect_happens_once()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers);

        var (pingId, messageId) = await spine.RequestPingAsync(workspace);

        await Eventually.TrueAsync(async () => (await servers.PingAsync(pingId)).HandledAt is not null, "the ping is handled");
        await Eventually.TrueAsync(() => spine.Redis.FullyConsumedAsync(StreamNames.OpsPing), "the entry is acknowledged");

        var ping = await servers.PingAsync(pingId);
        Assert.Equal(1, ping.HandledCount);
        Assert.Equal(1, await servers.InboxRowsAsync(messageId));
        Assert.Null(await servers.OutboxRowAsync(messageId));
        Assert.Equal(1, await spine.Redis.StreamLengthAsync(StreamNames.OpsPing));
    }

    [Fact]
    public async Task The_consumer_span_continues_the_trace_of_the_request_that_wrote_the_message()
    {
        var consumerSpans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SpineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = consumerSpans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers);

        using var request = new Activity("test request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var (pingId, messageId) = await spine.RequestPingAsync(workspace);
        request.Stop();

        await Eventually.TrueAsync(async () => (await servers.PingAsync(pingId)).HandledAt is not null, "the ping is handled");
        // The relay's publish span carries the message id too; the consumer's is the one that continues the request.
        bool IsConsumerSpan(Activity s) => s.Kind == ActivityKind.Consumer && Equals(s.GetTagItem("messaging.message.id"), messageId);
        await Eventually.TrueAsync(() => Task.FromResult(consumerSpans.Any(IsConsumerSpan)), "the consumer span ends");
        var span = consumerSpans.Single(IsConsumerSpan);
        Assert.Equal(request.TraceId, span.TraceId);
        Assert.Equal(request.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
    }
}
