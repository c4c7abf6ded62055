extern alias api;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LoopDrive.FunctionalTests.Infrastructure;

/// <summary>The real API, in process, on the test run's PostgreSQL and Redis.</summary>
public sealed class ApiFactory(TestServers servers, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<api::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:loopdrive", servers.DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:redis", servers.Redis.ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }
}
