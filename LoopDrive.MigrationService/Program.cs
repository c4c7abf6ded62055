using LoopDrive.Core;
using LoopDrive.Core.Data;
using LoopDrive.MigrationService;
using Microsoft.EntityFrameworkCore;

// `keys create …` bootstraps a key against a running database and exits; otherwise this is the
// one-shot migrator the other services wait for.
if (KeysCommand.Matches(args))
    return await KeysCommand.RunAsync(args);

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddDbContext<LoopDriveDbContext>(o => o.UseNpgsql(builder.Configuration.GetConnectionString("loopdrive")));
builder.EnrichNpgsqlDbContext<LoopDriveDbContext>(s => s.DisableRetry = true);
builder.Services.AddLoopDrivePlatform();
// What seeding the living demo needs beyond the platform: the ledger (over the same database) and the budget steps it uses.
builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("loopdrive")
    ?? throw new InvalidOperationException("ConnectionStrings:loopdrive is not set.")));
builder.Services.AddScoped<LoopDrive.Core.Budget.BudgetLedger>();
builder.Services.AddScoped<LoopDrive.Core.Budget.EnsureWallet>();
builder.Services.AddScoped<LoopDrive.Core.Budget.Lifecycle.RequestExecution>();
builder.Services.AddScoped<LoopDrive.Core.Learning.Demo.SeedLivingDemo>();
builder.Services.AddOptions<SeedOptions>().Bind(builder.Configuration.GetSection(SeedOptions.Section));
builder.Services.AddHostedService<MigrationWorker>();

await builder.Build().RunAsync();
return 0;
