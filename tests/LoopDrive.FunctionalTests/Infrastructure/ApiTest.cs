using System.Net.Http.Headers;
using LoopDrive.Core.Platform;

namespace LoopDrive.FunctionalTests.Infrastructure;

/// <summary>
/// Base of API tests: a clean database and Redis before each test, one API host per test class,
/// and helpers to make a workspace and a client that calls with its key.
/// </summary>
[Collection(ServersCollection.Name)]
public abstract class ApiTest(TestServers servers) : IAsyncLifetime
{
    private ApiFactory? _factory;

    protected TestServers Servers { get; } = servers;

    protected ApiFactory Factory => _factory ??= CreateFactory();

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    private ApiFactory CreateFactory() => new(Servers, Settings);

    public virtual async Task InitializeAsync() => await Servers.ResetAsync();

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }

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
