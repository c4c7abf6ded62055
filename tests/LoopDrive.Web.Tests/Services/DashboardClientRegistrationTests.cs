using System.Net;
using LoopDrive.Client;
using LoopDrive.Web.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Web.Tests.Services;

public sealed class DashboardClientRegistrationTests
{
    [Fact]
    public async Task The_dashboard_client_retries_on_its_own_even_where_every_http_client_gets_a_resilience_handler()
    {
        var handler = new ScriptedApiHandler().On(HttpMethod.Get, "/api/ops/queues", _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        await using var provider = BuildDashboardServices(handler);

        var client = provider.GetRequiredService<LoopDriveClient>();
        await Assert.ThrowsAsync<LoopDriveApiException>(() => client.Ops.GetQueuesAsync());

        // Two retries of its own; the standard handler's three retries per attempt would make it twelve.
        Assert.Equal(3, handler.Requests.Count);
        Assert.Single(handler.Requests.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task The_dashboard_client_takes_its_address_and_key_from_configuration()
    {
        var handler = new ScriptedApiHandler().OnJson(HttpMethod.Get, "/api/workspaces/current", ContractSamples.Workspace());
        await using var provider = BuildDashboardServices(handler);

        await provider.GetRequiredService<LoopDriveClient>().Workspaces.GetCurrentAsync();

        var request = handler.Requests.Single();
        Assert.Equal("http://api.test/api/workspaces/current", request.Uri.ToString());
        Assert.Equal("ld_from_configuration", request.Authorization?.Parameter);
    }

    private static ServiceProvider BuildDashboardServices(ScriptedApiHandler handler)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoopDrive:ApiBaseAddress"] = "http://api.test",
            ["LoopDrive:ApiKey"] = "ld_from_configuration",
            ["LoopDrive:Client:RetryBaseDelay"] = "00:00:00.001",
            ["LoopDrive:Client:MaxRetryDelay"] = "00:00:00.001",
        }).Build();

        var services = new ServiceCollection();
        services.AddLogging();

        // What the service defaults do for every HttpClient in the web app.
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddLoopDriveApiClient(configuration).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }
}
