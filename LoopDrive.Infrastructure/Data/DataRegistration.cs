using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LoopDrive.Infrastructure.Data;

public static class DataRegistration
{
    public const string DatabaseConnectionName = "loopdrive";
    public const string RedisConnectionName = "redis";

    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> (Aspire: health check, metrics, traces) shared by EF and
    /// the raw-SQL paths, and a non-pooled <see cref="LoopDriveDbContext"/>: the context takes the
    /// scoped workspace context, which DbContext pooling cannot supply. Its options are a singleton.
    /// </summary>
    public static IHostApplicationBuilder AddLoopDriveData(this IHostApplicationBuilder builder)
    {
        // A pooled connection is not reset when it is returned. Npgsql's reset (SET SESSION
        // AUTHORIZATION DEFAULT; RESET ALL; … DISCARD TEMP, sent ahead of the next command) cost
        // PostgreSQL more than the work on small transactions: it threw away the cached plans of
        // the functions and prepared statements the group commits run, so a ledger transfer spent
        // 0.26 ms of PostgreSQL CPU instead of 0.12 (budget bench). Nothing here leaves session
        // state behind: settings are SET LOCAL, the one temp table drops on commit, and the LISTEN
        // connection unlistens before it goes back to the pool.
        builder.AddNpgsqlDataSource(DatabaseConnectionName, configureDataSourceBuilder: NoResetOnClose);
        // Options built once: scoped options were rebuilt (and compared to find EF's internal
        // provider) for every request, a large share of a simple request's CPU.
        builder.Services.AddDbContext<LoopDriveDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()), optionsLifetime: ServiceLifetime.Singleton);
        builder.EnrichNpgsqlDbContext<LoopDriveDbContext>(settings =>
        {
            settings.DisableHealthChecks = true;
            // Use cases open their own transactions (outbox + state, inbox + effect); a retrying
            // execution strategy would refuse them.
            settings.DisableRetry = true;
        });
        // A service that starts while Redis is down must still start: the outbox holds the work until it returns.
        // While Redis is unreachable, commands fail at once instead of queueing for the command timeout:
        // every caller already has a fallback (the relay and consumers back off, de-duplication uses
        // PostgreSQL), and a request should not hang five seconds to learn Redis is gone.
        builder.AddRedisClient(RedisConnectionName, configureOptions: options =>
        {
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
        });
        return builder;
    }

    /// <summary>See <see cref="AddLoopDriveData"/>; also used by whatever builds a data source of its own for the same database.</summary>
    public static void NoResetOnClose(NpgsqlDataSourceBuilder dataSource) => dataSource.ConnectionStringBuilder.NoResetOnClose = true;
}
