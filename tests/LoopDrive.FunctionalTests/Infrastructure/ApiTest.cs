using System.Net.Http.Headers;
using LoopDrive.Core.Platform;

namespace LoopDrive.FunctionalTests.Infrastructure;

/// <summary>
/// Base of API tests: a clean database and Redis before each test, one API host per distinct settings for the whole run,
/// and helpers to make a workspace and a client that calls with its key.
/// </summary>
[Collection(ServersCollection.Name)]
public abstract class ApiTest(TestServers servers) : IAsyncLifetime
{
    protected TestServers Servers { get; } = servers;

    /// <summary>Shared by every test with the same settings: starting a host (and loading the embedding model) once keeps the suite fast.</summary>
    protected ApiFactory Factory => Servers.Factory(Settings);

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public virtual async Task InitializeAsync() => await Servers.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A workspace in a new organization and its admin key, made the way bootstrapping makes them.</summary>
    protected async Task<(Workspace Workspace, string Key)> CreateWorkspaceAsync(string slug)
    {
        await using var db = Servers.CreateDbContext();
        var created = await new CreateWorkspace(db, TimeProvider.System)
            .HandleAsync(slug, slug, null, "US", "UTC", null, CancellationToken.None);
        return (created.Workspace, created.Secret);
    }

    protected HttpClient ClientWithKey(string? key)
    {
        var client = Factory.CreateClient();
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
