using System.Diagnostics;
using LoopDrive.Core.Data;
using LoopDrive.Core.Learning.Demo;
using LoopDrive.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.MigrationService;

/// <summary>
/// Applies migrations, seeds the demo workspace when run mode asks for it, then stops the
/// process: the AppHost starts api and workers only after this exits with 0.
/// </summary>
internal sealed class MigrationWorker(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    IOptions<SeedOptions> seed,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    public static readonly ActivitySource Activity = new("LoopDrive.Migrations");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = Activity.StartActivity("Migrating database");
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
            await MigrateAsync(db, stoppingToken);
            if (seed.Value.Demo.ApiKey is { } demoKey)
                await SeedDemoAsync(scope.ServiceProvider, demoKey, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.AddException(e);
            logger.LogCritical(e, "Migration failed");
            Environment.ExitCode = 1;
        }
        lifetime.StopApplication();
    }

    private async Task MigrateAsync(LoopDriveDbContext db, CancellationToken cancellationToken)
    {
        // The database server may still be starting when this runs first; wait for it briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.Database.MigrateAsync(cancellationToken);
                logger.LogInformation("Applied {Count} migrations", pending.Count);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && attempt < 30)
            {
                logger.LogInformation("Database not ready (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private async Task SeedDemoAsync(IServiceProvider scoped, string demoKey, CancellationToken cancellationToken)
    {
        if (!ApiKeySecrets.LooksValid(demoKey))
            throw new InvalidOperationException("LoopDrive:Demo:ApiKey is not a valid ld_ key.");
        var workspace = await scoped.GetRequiredService<EnsureDemoWorkspace>().HandleAsync(demoKey, cancellationToken);
        logger.LogInformation("Demo workspace {WorkspaceId} is ready", workspace.Id);
        if (seed.Value.StateDirectory is { } state)
        {
            Directory.CreateDirectory(state);
            await File.WriteAllTextAsync(Path.Combine(state, "demo-api-key"), demoKey + "\n", cancellationToken);
        }
        if (!seed.Value.Demo.Living) return;
        var seeded = await scoped.GetRequiredService<SeedLivingDemo>().HandleAsync(workspace.Id, seed.Value.Demo.WorldSeed, cancellationToken);
        if (seeded.Seeded)
            logger.LogInformation("Seeded the living demo in {Seconds:F1} s: {Persons} persons, {Identities} identities, {Consents} consents, {Topics} topics, {Memories} memories, {Objectives} objectives",
                seeded.Took.TotalSeconds, seeded.Persons, seeded.Identities, seeded.Consents, seeded.Topics, seeded.Memories, seeded.Objectives);
        else
            logger.LogInformation("The living demo was already seeded; nothing changed");
    }
}
