using LoopDrive.Core.Data;
using LoopDrive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Infrastructure;

/// <summary>
/// One real PostgreSQL (migrated) and one real Redis for the whole functional test run.
/// Tests share them through the <see cref="ServersCollection"/> and reset both before each test.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    public const string Database = "loopdrive";

    private readonly Dictionary<string, ApiFactory> _factories = [];

    public PostgresServer Postgres { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;

    public string DatabaseConnectionString => Postgres.ConnectionString(Database);

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        Postgres = await postgres;
        Redis = await redis;
        await Postgres.CreateDatabaseAsync(Database);
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();
    }

    /// <summary>A context with no workspace set: it sees every workspace, as a test's own checks need.</summary>
    public LoopDriveDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<LoopDriveDbContext>().UseNpgsql(DatabaseConnectionString).Options);

    /// <summary>Empties the database and Redis, and brings Redis back if a test stopped it.</summary>
    public async Task ResetAsync()
    {
        if (!Redis.IsRunning)
        {
            await Redis.StartAgainAsync();
            // The shared API hosts' clients reconnect on their own schedule and fail fast until then;
            // the next test must not meet a Redis its host still believes is down.
            ApiFactory[] factories;
            lock (_factories) factories = [.. _factories.Values];
            foreach (var factory in factories)
                await WaitUntilConnectedAsync(factory.Services.GetRequiredService<IConnectionMultiplexer>());
        }
        await Postgres.ResetAsync(Database);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true");
        await redis.GetServer($"127.0.0.1:{Redis.Port}").FlushAllDatabasesAsync();
    }

    private static async Task WaitUntilConnectedAsync(IConnectionMultiplexer redis)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!redis.IsConnected)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("An API host did not reconnect to Redis within 30 s.");
            await Task.Delay(50);
        }
    }

    public ApiFactory Factory(IReadOnlyDictionary<string, string?>? settings)
    {
        var key = settings is null ? "" : string.Join(";", settings.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"));
        lock (_factories)
        {
            if (!_factories.TryGetValue(key, out var factory))
                _factories[key] = factory = new ApiFactory(this, settings);
            return factory;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories.Values)
            await factory.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<TestServers>
{
    public const string Name = "servers";
}
