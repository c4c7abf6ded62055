using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Platform;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Hosting;

public sealed class IdempotencyTests(TestServers servers) : ApiTest(servers)
{
    private static HttpRequestMessage Post(string path, object body, string idempotencyKey) => new(HttpMethod.Post, path)
    {
        Content = JsonContent.Create(body),
        Headers = { { "Idempotency-Key", idempotencyKey } },
    };

    [Fact]
    public async Task A_repeated_key_replays_the_first_response_and_does_the_work_once()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);

        var first = await client.SendAsync(Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("ci"), "create-ci-key"));
        var second = await client.SendAsync(Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("ci"), "create-ci-key"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        await using var db = Servers.CreateDbContext();
        Assert.Equal(1, await db.ApiKeys.IgnoreQueryFilters().CountAsync(k => k.Name == "ci"));
    }

    [Fact]
    public async Task The_same_key_with_another_body_gets_409()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);

        await client.SendAsync(Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("ci"), "k1"));
        var other = await client.SendAsync(Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("deploy"), "k1"));

        await other.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_key_reused");
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_key_do_the_work_once()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.SendAsync(Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("race"), "race-key"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        await using var db = Servers.CreateDbContext();
        Assert.Equal(1, await db.ApiKeys.IgnoreQueryFilters().CountAsync(k => k.Name == "race"));
    }

    [Fact]
    public async Task A_validation_failure_is_kept_too_so_a_retry_gets_the_same_answer()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);

        var first = await client.SendAsync(Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate(""), "bad"));
        var second = await client.SendAsync(Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate(""), "bad"));

        await first.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_gets_400()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");

        var response = await ClientWithKey(key).SendAsync(
            Post($"/api/workspaces/{workspace.Id}/api-keys", new ApiKeyCreate("ci"), new string('k', 256)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_byte_identical_repeat_of_a_dedupe_route_without_a_key_replays_the_first_answer()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);

        var first = await client.PostAsJsonAsync("/api/person/resolve", new { email = "retry@example.com" });
        var second = await client.PostAsJsonAsync("/api/person/resolve", new { email = "retry@example.com" });
        var other = await client.PostAsJsonAsync("/api/person/resolve", new { email = "other@example.com" });

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task With_Redis_down_a_key_less_repeat_is_still_replayed_from_the_database()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);
        await Servers.Redis.StopAsync();

        var first = await client.PostAsJsonAsync("/api/person/resolve", new { email = "outage@example.com" });
        var second = await client.PostAsJsonAsync("/api/person/resolve", new { email = "outage@example.com" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        await using var db = Servers.CreateDbContext();
        Assert.Equal(1, await db.IdempotencyRecords.IgnoreQueryFilters().CountAsync());
    }

    [Fact]
    public async Task Routes_without_dedupe_run_again_for_a_key_less_repeat()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);

        var first = await client.PostAsJsonAsync("/api/ops/pings", new { });
        var second = await client.PostAsJsonAsync("/api/ops/pings", new { });

        Assert.NotEqual(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
    }
}
