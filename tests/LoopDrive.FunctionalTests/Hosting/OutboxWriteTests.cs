using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Hosting;

public sealed class OutboxWriteTests(TestServers servers) : ApiTest(servers)
{
    [Fact]
    public async Task A_ping_and_its_outbox_entry_are_committed_together()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");

        var response = await ClientWithKey(key).PostAsJsonAsync("/api/ops/pings", new { });
        var ping = await response.Content.ReadFromJsonAsync<Ping>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(PingStatus.Pending, ping!.Status);
        await using var db = Servers.CreateDbContext();
        var message = await db.OutboxMessages.SingleAsync();
        Assert.Equal(StreamNames.OpsPing, message.Stream);
        Assert.Equal(workspace.Id, message.WorkspaceId);
        Assert.Contains(ping.Id, message.Payload, StringComparison.Ordinal);
        Assert.NotNull(message.TraceParent);
    }

    [Fact]
    public async Task Queue_health_lists_every_stream_and_the_unsent_outbox()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);
        await client.PostAsJsonAsync("/api/ops/pings", new { });

        var health = await client.GetFromJsonAsync<QueueHealth>("/api/ops/queues");

        Assert.Equal(StreamNames.All.Order(), health!.Queues.Select(q => q.Stream).Order());
        Assert.Equal(1, health.OutboxBacklog);
    }
}
