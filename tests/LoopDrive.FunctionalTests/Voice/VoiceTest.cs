using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Voice;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Voice;

/// <summary>A workspace, its client and helpers to make a brand and a person worth writing to.</summary>
public abstract class VoiceTest(TestServers servers) : ApiTest(servers)
{
    protected HttpClient Client { get; set; } = null!;
    protected string WorkspaceId { get; private set; } = null!;
    protected string Key { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (workspace, key) = await CreateWorkspaceAsync("voice");
        WorkspaceId = workspace.Id;
        Key = key;
        Client = ClientWithKey(key);
    }

    protected static BrandUpsert NorthwindBrand(string name = "Northwind") => new(
        name, "friendly", "small bakery owners",
        PreferredVocabulary: ["fresh", "simple"],
        AvoidVocabulary: ["synergy"],
        BannedPhrases: ["guaranteed results"],
        Competitors: ["Contoso"],
        RequiredDisclaimers: new Dictionary<string, string>(),
        AllowedLinkDomains: ["northwind.example"],
        Exemplars: ["Hi Sam, your morning orders are ready to schedule. It is simple and saves time every day."]);

    protected async Task<BrandContract> CreateBrandAsync(BrandUpsert? brand = null)
    {
        var response = await Client.PostAsJsonAsync("/api/brand-voice/brands", brand ?? NorthwindBrand());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BrandContract>())!;
    }

    /// <summary>A person with marketing consent on email and sms, two usable memories, one objection, and topics.</summary>
    protected async Task<string> CreatePersonAsync(string email = "ana@example.com", string firstName = "Ana")
    {
        var resolved = await (await Client.PostAsJsonAsync("/api/person/resolve", new { email, phone = "+14155550123", firstName }))
            .Content.ReadFromJsonAsync<PersonResolutionResult>();
        var id = resolved!.Person.Id;
        foreach (var channel in new[] { "email", "sms", "instagram" })
            (await Client.PostAsJsonAsync($"/api/person/{id}/consent", new ConsentUpdate(channel, "marketing", "granted", "form"))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync($"/api/person/{id}/memory", new MemoryCreate("intent", "Wants to book a demo of the ordering dashboard for her bakery", 0.9))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync($"/api/person/{id}/memory", new MemoryCreate("preference", "Prefers short messages in the morning", 0.8))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync($"/api/person/{id}/memory", new MemoryCreate("objection", "Thinks the price is too high", 0.9))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync($"/api/person/{id}/topics", new TopicUpsert("sourdough", 0.9))).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync($"/api/person/{id}/topics", new TopicUpsert("wholesale orders", 0.6))).EnsureSuccessStatusCode();
        return id;
    }

    protected async Task<SnippetContract> CreateSnippetAsync(string brandId, string channel, string objective, string text, string usage)
    {
        var response = await Client.PostAsJsonAsync("/api/brand-voice/snippets", new SnippetCreate(brandId, channel, objective, text, usage));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SnippetContract>())!;
    }
}
