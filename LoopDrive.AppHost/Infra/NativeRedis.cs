using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LoopDrive.AppHost.Infra;

/// <summary>The machine's <c>redis-server</c> as an executable resource, plus its connection string.</summary>
internal static class NativeRedis
{
    // Must differ from the connection-string resource's name: resource names share one namespace.
    public const string ServerName = "redis-server";

    public static (IResourceBuilder<ExecutableResource> Server, IResourceBuilder<IResourceWithConnectionString> Connection) AddNativeRedis(
        this IDistributedApplicationBuilder builder,
        string stateDirectory,
        string connectionName)
    {
        var program = FindOnPath("redis-server")
            ?? throw new InvalidOperationException(
                "redis-server was not found on PATH. Install it (apt-get install redis-server) " +
                "or run with Infra:Mode=container or external.");

        var dataDirectory = Path.Combine(stateDirectory, "redis");
        if (builder.ExecutionContext.IsRunMode)
        {
            Directory.CreateDirectory(dataDirectory);
        }

        var server = builder.AddExecutable(ServerName, program, dataDirectory,
                "--bind", "127.0.0.1",
                // Streams carry work in flight between outbox and consumers; keep them across restarts.
                "--appendonly", "yes",
                "--dir", dataDirectory)
            .WithEndpoint(port: builder.Fixed(LocalPorts.Redis), scheme: "tcp", name: "tcp", env: "REDIS_PORT");

        var endpoint = server.GetEndpoint("tcp");
        server.WithArgs(context =>
        {
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
        });

        var connection = builder.AddConnectionString(connectionName, ReferenceExpression.Create(
            $"{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}"));

        var healthKey = $"{ServerName}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new RedisReadiness(endpoint), failureStatus: null, tags: null));
        server.WithHealthCheck(healthKey);

        return (server, connection);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
