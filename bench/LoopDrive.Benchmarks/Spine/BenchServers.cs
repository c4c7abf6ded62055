using LoopDrive.Core.Data;
using LoopDrive.Infrastructure.Data;
using LoopDrive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.Benchmarks.Spine;

/// <summary>A throwaway PostgreSQL (migrated) and Redis on loopback ports, for one benchmark run.</summary>
internal sealed class BenchServers : IAsyncDisposable
{
    public const string Database = "loopdrive_bench";

    private BenchServers(PostgresServer postgres, RedisServer redis)
    {
        Postgres = postgres;
        Redis = redis;
    }

    public PostgresServer Postgres { get; }
    public RedisServer Redis { get; }
    public string DatabaseConnectionString => Postgres.ConnectionString(Database);

    /// <summary>
    /// The load generator's own pool, apart from the one the spine under test uses; built as the
    /// services build theirs (pooled connections are not reset on return), so baselines and services pay alike.
    /// </summary>
    public NpgsqlDataSource DataSource => _dataSource ??= BuildDataSource();

    private NpgsqlDataSource BuildDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(DatabaseConnectionString);
        DataRegistration.NoResetOnClose(builder);
        return builder.Build();
    }

    private NpgsqlDataSource? _dataSource;

    public static async Task<BenchServers> StartAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        var servers = new BenchServers(await postgres, await redis);
        await servers.Postgres.CreateDatabaseAsync(Database);
        await using var db = servers.CreateDbContext();
        await db.Database.MigrateAsync();
        return servers;
    }

    /// <summary>
    /// <c>VACUUM (ANALYZE)</c> of the tables named (every table when none is), as autovacuum would
    /// have left a database in use: statistics for the planner, a visibility map for index-only
    /// scans, dead rows gone. No time limit: after a bulk load it can take minutes.
    /// </summary>
    public static async Task VacuumAnalyzeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken, params string[] tables)
    {
        await using var vacuum = dataSource.CreateCommand($"VACUUM (ANALYZE) {string.Join(", ", tables)}");
        vacuum.CommandTimeout = 0;
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }

    public LoopDriveDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<LoopDriveDbContext>().UseNpgsql(DatabaseConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
