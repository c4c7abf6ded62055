using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>A workspace and its client ready for event calls.</summary>
public abstract class EventsTest(TestServers servers) : ApiTest(servers)
{
    protected HttpClient Client { get; private set; } = null!;
    protected string WorkspaceId { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("events");
        WorkspaceId = workspace.Id;
        Client = ClientWithKey(key);
    }

    protected async Task<string> NewPersonAsync(string email)
    {
        var response = await Client.PostAsJsonAsync("/api/person/resolve", new { email });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PersonResolutionResult>())!.Person.Id;
    }

    protected async Task<Event> IngestAsync(object body, string path = "/api/events/ingest")
    {
        var response = await Client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Event>())!;
    }

    protected async Task<BatchIngestResult> IngestBatchAsync(IEnumerable<object> events, string path = "/api/events/ingest/batch")
    {
        var response = await Client.PostAsJsonAsync(path, new { events });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BatchIngestResult>())!;
    }
}
