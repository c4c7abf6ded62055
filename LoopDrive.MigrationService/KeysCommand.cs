using LoopDrive.Contracts.Platform;
using LoopDrive.Core;
using LoopDrive.Core.Data;
using LoopDrive.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.MigrationService;

/// <summary>
/// <c>keys create --workspace &lt;slug&gt; [--name N] [--admin]</c>: makes a key (and the workspace,
/// if it does not exist yet) straight in the database and prints the secret once. This is how
/// the first key of a new installation is made, before any key can call the API.
/// </summary>
internal static class KeysCommand
{
    public static bool Matches(string[] args) => args.Length >= 2 && args[0] == "keys" && args[1] == "create";

    public static async Task<int> RunAsync(string[] args)
    {
        string? slug = null, name = null;
        var admin = false;
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--workspace" when i + 1 < args.Length: slug = args[++i]; break;
                case "--name" when i + 1 < args.Length: name = args[++i]; break;
                case "--admin": admin = true; break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: keys create --workspace <slug> [--name N] [--admin]");
                    return 2;
            }
        }
        if (slug is null || !WorkspaceSlugs.IsValid(slug))
        {
            await Console.Error.WriteLineAsync("--workspace <slug> is required (lower-case letters, digits, dashes).");
            return 2;
        }
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__loopdrive");
        if (string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync("ConnectionStrings__loopdrive is not set.");
            return 2;
        }

        var services = new ServiceCollection()
            .AddDbContext<LoopDriveDbContext>(o => o.UseNpgsql(connectionString))
            .AddLoopDrivePlatform()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
        var workspace = await db.Workspaces.FirstOrDefaultAsync(w => w.Slug == slug);
        string secret;
        if (workspace is null)
        {
            var created = await scope.ServiceProvider.GetRequiredService<CreateWorkspace>()
                .HandleAsync(slug, slug, null, "US", "UTC", null, CancellationToken.None);
            workspace = created.Workspace;
            secret = created.Secret;
            Console.Error.WriteLine($"Created workspace {workspace.Id} ({slug}) with an admin key.");
        }
        else
        {
            string[] scopes = admin ? [ApiKeyScopes.Admin, ApiKeyScopes.Api] : [ApiKeyScopes.Api];
            (_, secret) = await scope.ServiceProvider.GetRequiredService<CreateApiKey>()
                .HandleAsync(workspace.Id, name ?? "CLI", scopes, CancellationToken.None);
            Console.Error.WriteLine($"Created a key for workspace {workspace.Id} ({slug}). It is shown only now.");
        }
        Console.WriteLine(secret);
        return 0;
    }
}
