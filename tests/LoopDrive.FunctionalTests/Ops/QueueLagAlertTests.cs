using System.Text.Json;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Platform;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using LoopDrive.Infrastructure.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Ops;

/// <summary>Lag levels per stream (warning, critical), their health verdict and the alert events.</summary>
[Collection(ServersCollection.Name)]
public sealed class QueueLagAlertTests(TestServers servers) : IAsyncLifetime
{
    // The sampler samples once at start, before anything lags; the test drives every later sample.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Spine:ConsumersEnabled"] = "false",
        ["Spine:GaugeInterval"] = "01:00:00",
        ["Spine:LagThreshold"] = "00:00:00.100",
        ["Spine:StreamLagThresholds:ops.ping:Critical"] = "00:00:00.400",
    };

    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Thresholds_fall_back_to_the_global_levels_with_critical_at_five_minutes_by_default()
    {
        var options = new SpineOptions();
        options.StreamLagThresholds["email.send"] = new StreamLagThreshold { Critical = TimeSpan.FromMinutes(1) };

        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5)), options.LagThresholdsFor(StreamNames.SmsSend));
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(1)), options.LagThresholdsFor(StreamNames.EmailSend));
    }

    [Fact]
    public async Task A_stream_past_its_critical_threshold_is_critical_degrades_health_and_alerts_every_workspace_once_per_change()
    {
        var first = await CreateWorkspaceAsync("lag-a");
        var second = await CreateWorkspaceAsync("lag-b");
        await using var spine = await SpineHost.StartAsync(servers, Settings);
        var monitor = spine.Services.GetRequiredService<IQueueMonitor>();
        var alerts = spine.Services.GetRequiredService<QueueLagAlerts>();

        await spine.RequestPingAsync(first);
        await Eventually.TrueAsync(async () => await spine.Redis.StreamLengthAsync(StreamNames.OpsPing) == 1, "the relay hands the entry over");
        QueueHealth health = null!;
        await Eventually.TrueAsync(async () =>
        {
            health = await monitor.GetHealthAsync(CancellationToken.None);
            return Ping(health).Status == QueueStatus.Critical;
        }, "the unread entry passes ops.ping's own critical threshold");
        Assert.All(health.Queues.Where(q => q.Stream != StreamNames.OpsPing), q => Assert.Equal(QueueStatus.Ok, q.Status));

        var report = await spine.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == SpineHealthCheck.Name);
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains($"Critical lag: {StreamNames.OpsPing}", report.Entries[SpineHealthCheck.Name].Description, StringComparison.Ordinal);

        Assert.Equal(1, await alerts.RecordAsync(health, CancellationToken.None));
        // A second replica sampling the same state must not alert again.
        Assert.Equal(0, await alerts.RecordAsync(health, CancellationToken.None));

        var raised = await AlertsAsync();
        Assert.Equal([first, second], raised.Select(a => a.WorkspaceId).Order());
        Assert.All(raised, a =>
        {
            Assert.Equal(StreamNames.OpsPing, a.Payload.GetProperty("stream").GetString());
            Assert.Equal(QueueStatus.Critical, a.Payload.GetProperty("level").GetString());
            Assert.Equal(QueueStatus.Ok, a.Payload.GetProperty("previous").GetString());
            Assert.Equal(400, a.Payload.GetProperty("criticalAfterMs").GetInt64());
        });

        // The entry is handled: the stream recovers and that change is announced once too.
        await spine.Redis.StreamCreateConsumerGroupAsync(StreamNames.OpsPing, SpineOptions.DefaultGroup, "0-0");
        var read = await spine.Redis.StreamReadGroupAsync(StreamNames.OpsPing, SpineOptions.DefaultGroup, "inspector", ">", 10);
        await spine.Redis.StreamAcknowledgeAsync(StreamNames.OpsPing, SpineOptions.DefaultGroup, [.. read.Select(e => e.Id)]);
        var recovered = await monitor.GetHealthAsync(CancellationToken.None);
        Assert.Equal(QueueStatus.Ok, Ping(recovered).Status);

        Assert.Equal(1, await alerts.RecordAsync(recovered, CancellationToken.None));
        var all = await AlertsAsync();
        Assert.Equal(4, all.Count);
        Assert.Equal(2, all.Count(a => a.Payload.GetProperty("level").GetString() == QueueStatus.Ok
                                       && a.Payload.GetProperty("previous").GetString() == QueueStatus.Critical));
    }

    private static QueueStats Ping(QueueHealth health) => health.Queues.Single(q => q.Stream == StreamNames.OpsPing);

    private async Task<string> CreateWorkspaceAsync(string slug)
    {
        await using var db = servers.CreateDbContext();
        var created = await new CreateWorkspace(db, TimeProvider.System)
            .HandleAsync(slug, slug, null, "US", "UTC", null, CancellationToken.None);
        return created.Workspace.Id;
    }

    private async Task<List<(string WorkspaceId, JsonElement Payload)>> AlertsAsync()
    {
        await using var db = servers.CreateDbContext();
        var rows = await db.Events.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Type == QueueLagAlerts.EventType)
            .Select(e => new { e.WorkspaceId, e.Payload, e.Source })
            .ToListAsync();
        Assert.All(rows, r => Assert.Equal(QueueLagAlerts.EventSource, r.Source));
        return [.. rows.Select(r => (r.WorkspaceId, JsonDocument.Parse(r.Payload).RootElement.Clone()))];
    }
}
