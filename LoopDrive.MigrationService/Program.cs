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
builder.Services.AddOptions<SeedOptions>().Bind(builder.Configuration.GetSection(SeedOptions.Section));
builder.Services.AddHostedService<MigrationWorker>();

await builder.Build().RunAsync();
return 0;
