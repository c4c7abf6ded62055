using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.People;

/// <summary>A workspace and its client ready for person-graph calls.</summary>
public abstract class PeopleTest(TestServers servers) : ApiTest(servers)
{
    protected HttpClient Client { get; private set; } = null!;
    protected string WorkspaceId { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("people");
        WorkspaceId = workspace.Id;
        Client = ClientWithKey(key);
    }

    protected async Task<PersonResolutionResult> ResolveAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/person/resolve", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PersonResolutionResult>())!;
    }
}
