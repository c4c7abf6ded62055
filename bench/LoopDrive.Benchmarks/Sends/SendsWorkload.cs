using System.Diagnostics;
using LoopDrive.Benchmarks.People;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Core;
using LoopDrive.Core.Platform;
using LoopDrive.Infrastructure;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Workers.Events;
using LoopDrive.Workers.Sends;
using LoopDrive.Workers.Spine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Benchmarks.Sends;

/// <summary>
/// What the sends benchmark runs on: the workers' send and intake pipelines in-process with sandbox
/// providers posting their signed delivered webhooks to the real API (Kestrel on loopback), and a
/// workspace of seeded persons with email consent.
/// </summary>
internal static class SendsWorkload
{
    public static IHost BuildWorkers(BenchServers servers, Uri api)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataRegistration.DatabaseConnectionName}"] = servers.DatabaseConnectionString,
            [$"ConnectionStrings:{DataRegistration.RedisConnectionName}"] = servers.Redis.ConnectionString,
            ["Sends:Sandbox:WebhookBaseUrl"] = api.ToString().TrimEnd('/'),
            // Every reaction is due at once and only "delivered" happens: the loop ends at the ingested webhook.
            ["Sends:Sandbox:DelayScale"] = "0",
            ["Sends:Sandbox:BounceRate"] = "0",
            ["Sends:Sandbox:OpenRate"] = "0",
            ["Sends:Sandbox:ReplyRate"] = "0",
            ["Sends:SchedulerInterval"] = "00:00:00.100",
            // Always inside the sending window, no per-person cap: the bench measures the pipeline, not the policy.
            ["Sends:WindowOpensHour"] = "0",
            ["Sends:WindowClosesHour"] = "0",
            ["Sends:FrequencyCapPerDay"] = "0",
        });
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddLoopDriveServices();
        builder.AddSpineWorkers();
        builder.AddSendsWorkers();
        builder.Services.AddEventsWorkers();
        return builder.Build();
    }

    /// <summary>A workspace and <paramref name="persons"/> people with an email address and marketing consent for email.</summary>
    public static async Task<(string WorkspaceId, string[] Persons)> SeedAsync(BenchServers servers, int persons, CancellationToken cancellationToken)
    {
        string workspaceId;
        await using (var db = servers.CreateDbContext())
        {
            workspaceId = (await new CreateWorkspace(db, TimeProvider.System)
                .HandleAsync("Sends bench", "sends-bench", null, "US", "UTC", null, cancellationToken)).Workspace.Id;
        }
        var ids = await PeopleSeed.SeedPersonsAsync(servers.DataSource, workspaceId, persons, cancellationToken);
        await using var consent = servers.DataSource.CreateCommand("""
            insert into consents (id, workspace_id, person_id, channel, scope, status, source, granted_at, created_at)
            select 'cons_' || id, workspace_id, id, 'email', 'marketing', 'granted', 'bench', now(), now() from persons where workspace_id = $1
            """);
        consent.Parameters.AddWithValue(workspaceId);
        consent.CommandTimeout = 600;
        await consent.ExecuteNonQueryAsync(cancellationToken);
        await BenchServers.VacuumAnalyzeAsync(servers.DataSource, cancellationToken, "consents");
        return (workspaceId, ids);
    }

    /// <summary>
    /// Statistics and visibility as autovacuum keeps them on a database in use. The bench's tables are
    /// created minutes before the measured phases and autovacuum has not visited them yet: without
    /// statistics the planner judged <c>workspace_id = $1 and id = any($2)</c> (every workspace-filtered
    /// read of a batch of sends) selective on the workspace and ANDed a scan of the whole workspace's
    /// index into each pk lookup (72 ms for 300 ids at 30,000 sends, against 31 ms once analyzed).
    /// </summary>
    public static Task VacuumAnalyzeAsync(BenchServers servers, CancellationToken cancellationToken) =>
        BenchServers.VacuumAnalyzeAsync(servers.DataSource, cancellationToken);

    /// <summary>How many sends of a phase (marked by their subject) have reached <paramref name="statuses"/>.</summary>
    public static async Task<long> CountAsync(BenchServers servers, string phase, string[] statuses, CancellationToken cancellationToken)
    {
        await using var command = servers.DataSource.CreateCommand("select count(*) from sends where subject = $1 and status = any($2)");
        command.Parameters.AddWithValue(phase);
        command.Parameters.AddWithValue(statuses);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task WaitForAsync(BenchServers servers, string phase, string[] statuses, long count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            if (await CountAsync(servers, phase, statuses, cancellationToken) >= count) return;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"{phase}: {await CountAsync(servers, phase, statuses, cancellationToken)} of {count} sends reached {string.Join("/", statuses)} within {limit.TotalSeconds:0} s");
            // The count scans every send; on a busy machine it takes tens of milliseconds, so the load
            // generator's own polling stays under a third of one backend instead of competing with the pipeline.
            var took = Stopwatch.GetElapsedTime(started);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(100, 2 * took.TotalMilliseconds)), cancellationToken);
        }
    }
}
