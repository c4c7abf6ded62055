using System.Net;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Hosting;

public sealed class RateLimitTests(TestServers servers) : ApiTest(servers)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimit:PermitsPerSecond"] = "1",
        ["RateLimit:Burst"] = "5",
    };

    [Fact]
    public async Task A_burst_past_the_workspace_limit_gets_429_with_retry_after()
    {
        var (_, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
            responses.Add(await client.GetAsync("/api/workspaces/current"));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task One_workspace_over_its_limit_does_not_limit_another()
    {
        var (_, busy) = await CreateWorkspaceAsync("busy");
        var (_, quiet) = await CreateWorkspaceAsync("quiet");
        var busyClient = ClientWithKey(busy);
        for (var i = 0; i < 12; i++)
            await busyClient.GetAsync("/api/workspaces/current");

        var response = await ClientWithKey(quiet).GetAsync("/api/workspaces/current");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
