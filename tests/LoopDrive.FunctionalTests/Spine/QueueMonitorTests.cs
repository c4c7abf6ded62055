using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Spine;

[Collection(ServersCollection.Name)]
public sealed class QueueMonitorTests(TestServers servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_monitor_reports_every_stream_with_its_pending_entries_consumers_and_dead_letters()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers, new Dictionary<string, string?> { ["Spine:ConsumersEnabled"] = "false" });
        for (var i = 0; i < 3; i++) await spine.RequestPingAsync(workspace);
        await Eventually.TrueAsync(async () => await spine.Redis.StreamLengthAsync(StreamNames.OpsPing) == 3, "the relay hands over three entries");
        // The relay commits the removal of its rows just after the XADDs.
        await Eventually.TrueAsync(async () => await servers.OutboxRowsAsync() == 0, "the relay's pass commits");

        // A consumer that reads two entries and dies without acknowledging them.
        await spine.Redis.StreamCreateConsumerGroupAsync(StreamNames.OpsPing, SpineOptions.DefaultGroup, "0-0");
        Assert.Equal(2, (await spine.Redis.StreamReadGroupAsync(StreamNames.OpsPing, SpineOptions.DefaultGroup, "inspector", ">", 2)).Length);
        await spine.Redis.StreamAddAsync(StreamNames.DeadLetter(StreamNames.OpsPing),
            [new NameValueEntry(StreamEntryFields.MessageId, "msg_dead"), new NameValueEntry(StreamEntryFields.Error, "boom")]);

        var health = await spine.Services.GetRequiredService<IQueueMonitor>().GetHealthAsync(CancellationToken.None);

        Assert.Equal(StreamNames.All.Order(), health.Queues.Select(q => q.Stream).Order());
        var ping = health.Queues.Single(q => q.Stream == StreamNames.OpsPing);
        Assert.Equal(3, ping.Length);
        Assert.Equal(2, ping.Pending);
        Assert.Equal(1, ping.Consumers);
        Assert.Equal(1, ping.DeadLetters);
        Assert.InRange(ping.OldestPendingAgeMs, 0, 60_000);
        Assert.Equal(QueueStatus.Ok, ping.Status);
        Assert.All(health.Queues.Where(q => q.Stream != StreamNames.OpsPing), q =>
        {
            Assert.Equal(0, q.Length);
            Assert.Equal(0, q.Pending);
            Assert.Equal(QueueStatus.Ok, q.Status);
        });
        Assert.Equal(0, health.OutboxBacklog);
    }

    [Fact]
    public async Task A_stream_whose_oldest_pending_entry_passes_the_threshold_is_lagging_and_the_health_check_degrades()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Spine:ConsumersEnabled"] = "false",
            ["Spine:LagThreshold"] = "00:00:00.200",
        });
        await spine.RequestPingAsync(workspace);
        await Eventually.TrueAsync(async () => await spine.Redis.StreamLengthAsync(StreamNames.OpsPing) == 1, "the relay hands the entry over");
        var monitor = spine.Services.GetRequiredService<IQueueMonitor>();

        await Eventually.TrueAsync(async () => (await monitor.GetHealthAsync(CancellationToken.None)).Queues
            .Single(q => q.Stream == StreamNames.OpsPing).Status == QueueStatus.Lagging, "the unread entry makes the stream lag");

        var report = await spine.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == SpineHealthCheck.Name);
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains(StreamNames.OpsPing, report.Entries[SpineHealthCheck.Name].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_redis_down_every_stream_is_unreachable_the_outbox_backlog_grows_and_the_service_is_degraded_not_unhealthy()
    {
        var workspace = Ids.New(IdPrefixes.Workspace);
        await using var spine = await SpineHost.StartAsync(servers, new Dictionary<string, string?> { ["Spine:RelayEnabled"] = "false" });
        await servers.Redis.StopAsync();
        await spine.RequestPingAsync(workspace);
        await spine.RequestPingAsync(workspace);

        var health = await spine.Services.GetRequiredService<IQueueMonitor>().GetHealthAsync(CancellationToken.None);
        Assert.Equal(StreamNames.All.Count, health.Queues.Count);
        Assert.All(health.Queues, q => Assert.Equal(QueueStatus.Unreachable, q.Status));
        Assert.Equal(2, health.OutboxBacklog);

        var report = await spine.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == SpineHealthCheck.Name);
        Assert.Equal(HealthStatus.Degraded, report.Status);
    }
}
