namespace LoopDrive.AppHost.Infra;

/// <summary>
/// PostgreSQL and Redis as the services see them: two connection strings, plus whatever they
/// must wait for before starting. Services cannot tell which mode produced them.
/// </summary>
internal sealed record LoopDriveInfrastructure(
    InfraMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IReadOnlyList<IResourceBuilder<IResource>> StartAfter)
{
    public const string DatabaseName = "loopdrive";
    public const string RedisName = "redis";
}

internal static class LoopDriveInfrastructureExtensions
{
    public static LoopDriveInfrastructure AddLoopDriveInfrastructure(this IDistributedApplicationBuilder builder, string stateDirectory)
    {
        var mode = builder.ResolveInfraMode();
        return mode switch
        {
            InfraMode.Container => builder.AddContainerInfrastructure(stateDirectory),
            InfraMode.Native => builder.AddNativeInfrastructure(stateDirectory),
            InfraMode.External => new LoopDriveInfrastructure(
                mode,
                builder.AddConnectionString(LoopDriveInfrastructure.DatabaseName),
                builder.AddConnectionString(LoopDriveInfrastructure.RedisName),
                []),
            _ => throw new InvalidOperationException($"Unhandled infrastructure mode {mode}."),
        };
    }

    /// <summary>Hands a service both connection strings and holds it until they are usable.</summary>
    public static IResourceBuilder<T> WithInfrastructure<T>(this IResourceBuilder<T> service, LoopDriveInfrastructure infra)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        service.WithReference(infra.Database).WithReference(infra.Redis);
        foreach (var dependency in infra.StartAfter)
        {
            service.WaitFor(dependency);
        }

        return service;
    }

    private static LoopDriveInfrastructure AddNativeInfrastructure(this IDistributedApplicationBuilder builder, string stateDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Infra:Mode=native runs on Linux and macOS; use container or external.");
        }

        var password = PostgresPassword.Read(stateDirectory);
        var passwordParameter = builder.AddParameter(PostgresPassword.ParameterName, () => password, secret: true);
        var postgres = builder.AddNativePostgres(stateDirectory, LoopDriveInfrastructure.DatabaseName, passwordParameter, password);
        var redis = builder.AddNativeRedis(stateDirectory, LoopDriveInfrastructure.RedisName);
        return new LoopDriveInfrastructure(InfraMode.Native, postgres.Database, redis.Connection, [postgres.Server, redis.Server]);
    }

    private static LoopDriveInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder, string stateDirectory)
    {
        var run = builder.ExecutionContext.IsRunMode;

        // In run mode reuse the native password file and ports, so local tools work in either mode.
        IResourceBuilder<ParameterResource>? password = null;
        if (run)
        {
            var value = PostgresPassword.Read(stateDirectory);
            password = builder.AddParameter(PostgresPassword.ParameterName, () => value, secret: true);
        }

        // The pgvector image is plain PostgreSQL plus the vector extension the retrieval path can use.
        var server = builder.AddPostgres("postgres", password: password, port: run ? builder.Fixed(LocalPorts.Postgres) : null)
            .WithImage("pgvector/pgvector", "pg17");
        var redis = builder.AddRedis(LoopDriveInfrastructure.RedisName, port: run ? builder.Fixed(LocalPorts.Redis) : null);
        if (run)
        {
            server.WithDataVolume();
            redis.WithDataVolume();
        }

        var database = server.AddDatabase(LoopDriveInfrastructure.DatabaseName);
        return new LoopDriveInfrastructure(InfraMode.Container, database, redis, [database, redis]);
    }
}
