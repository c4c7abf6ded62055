using System.Diagnostics;
using System.Net;
using LoopDrive.FunctionalTests.Infrastructure;
using Npgsql;

namespace LoopDrive.FunctionalTests.Hosting;

/// <summary>
/// API keys are cached for 15 s (README, Platform): a key revoked by another replica, which cannot
/// clear this replica's cache, stops working here within that bound.
/// </summary>
public sealed class ApiKeyCacheTests(TestServers servers) : ApiTest(servers)
{
    private static readonly TimeSpan CacheBound = TimeSpan.FromSeconds(15);

    // A loaded machine can take seconds to answer the poll that first sees the expiry.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_key_revoked_elsewhere_stops_working_within_the_cache_bound()
    {
        var (workspace, key) = await CreateWorkspaceAsync("acme");
        var client = ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/workspaces/current")).StatusCode);

        // Written straight to the database, as another replica's revoke would be: this host's cache still holds the key.
        await using (var connection = new NpgsqlConnection(Servers.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE api_keys SET revoked_at = now() WHERE workspace_id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workspace.Id });
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var sinceRevoke = Stopwatch.StartNew();

        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/api/workspaces/current")).StatusCode;
            if (status == HttpStatusCode.Unauthorized) break;
            Assert.Equal(HttpStatusCode.OK, status);
            await Task.Delay(250);
        }
        while (sinceRevoke.Elapsed < CacheBound + Slack);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(sinceRevoke.Elapsed <= CacheBound + Slack, $"The revoked key worked for {sinceRevoke.Elapsed.TotalSeconds:0.0} s.");
    }
}
