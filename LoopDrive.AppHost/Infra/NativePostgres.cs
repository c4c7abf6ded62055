using System.Runtime.Versioning;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LoopDrive.AppHost.Infra;

/// <summary>The machine's PostgreSQL as an executable resource, plus the connection string to its database.</summary>
[UnsupportedOSPlatform("windows")]
internal static class NativePostgres
{
    // Must differ from the connection-string resource's name: resource names share one namespace.
    public const string ServerName = "postgres-server";

    public static (IResourceBuilder<ExecutableResource> Server, IResourceBuilder<IResourceWithConnectionString> Database) AddNativePostgres(
        this IDistributedApplicationBuilder builder,
        string stateDirectory,
        string databaseName,
        IResourceBuilder<ParameterResource> password,
        string passwordValue)
    {
        var installation = PostgresInstallation.Find();
        var cluster = new PostgresCluster(
            installation, PostgresCluster.ChooseDataDirectory(stateDirectory, installation.RunAsPostgresUser));

        var (fileName, arguments) = installation.Command(
            installation.Postgres,
            "-D", cluster.DataDirectory,
            "-c", "listen_addresses=127.0.0.1",
            // No Unix socket: its folder would need to be writable by postgres and short enough for sun_path.
            "-c", "unix_socket_directories=");

        var server = builder.AddExecutable(ServerName, fileName, Path.GetDirectoryName(cluster.DataDirectory)!, arguments)
            .WithEndpoint(port: builder.Fixed(LocalPorts.Postgres), scheme: "tcp", name: "tcp", env: "PGPORT")
            .OnBeforeResourceStarted(async (resource, e, ct) =>
            {
                var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
                await cluster.PrepareAsync(passwordValue, logger, ct);
            });

        var endpoint = server.GetEndpoint("tcp");
        var host = endpoint.Property(EndpointProperty.Host);
        var port = endpoint.Property(EndpointProperty.Port);
        var database = builder.AddConnectionString(databaseName, ReferenceExpression.Create(
            $"Host={host};Port={port};Username={PostgresInstallation.ServiceUser};Password={password.Resource};Database={databaseName}"));

        // Pooling off: a pooled idle connection would hold PostgreSQL's smart shutdown open.
        var admin = ReferenceExpression.Create(
            $"Host={host};Port={port};Username={PostgresInstallation.ServiceUser};Password={password.Resource};Database=postgres;Pooling=false;Timeout=3");
        var healthKey = $"{ServerName}-{databaseName}-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey, _ => new PostgresDatabaseReadiness(admin, databaseName), failureStatus: null, tags: null));
        server.WithHealthCheck(healthKey);

        return (server, database);
    }
}
