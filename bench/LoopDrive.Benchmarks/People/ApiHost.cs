extern alias api;

using System.Net;
using System.Net.Sockets;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LoopDrive.Benchmarks.People;

/// <summary>
/// The real API (its own Program, middleware and DI) on a Kestrel loopback port in this process,
/// on the benchmark's PostgreSQL and Redis. The per-workspace rate limit is lifted: the bench
/// measures how fast a resolve is served, not the limiter's refusals.
/// </summary>
internal sealed class ApiHost : WebApplicationFactory<api::Program>
{
    private readonly BenchServers _servers;

    private ApiHost(BenchServers servers, int port)
    {
        _servers = servers;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        UseKestrel(options => options.Listen(IPAddress.Loopback, port));
    }

    public Uri BaseAddress { get; }

    public static ApiHost Start(BenchServers servers)
    {
        var host = new ApiHost(servers, FreeLoopbackPort());
        host.StartServer();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting($"ConnectionStrings:{DataRegistration.DatabaseConnectionName}", _servers.DatabaseConnectionString);
        builder.UseSetting($"ConnectionStrings:{DataRegistration.RedisConnectionName}", _servers.Redis.ConnectionString);
        builder.UseSetting("RateLimit:PermitsPerSecond", "10000000");
        builder.UseSetting("RateLimit:Burst", "10000000");
        // Request logs at Information would cost more than the handlers being measured.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>A port the OS just handed out; the tiny window before Kestrel binds it is acceptable on loopback.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
