using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.People;

public sealed class ResolveTests(TestServers servers) : PeopleTest(servers)
{
    [Fact]
    public async Task An_unknown_email_creates_a_person_with_the_normalized_identity()
    {
        var result = await ResolveAsync(new { email = "  Ada.Lovelace@Example.COM " });

        Assert.True(result.Created);
        Assert.Empty(result.MatchedOn);
        Assert.Equal(1.0, result.Confidence);
        var identity = Assert.Single(result.Identities);
        Assert.Equal("ada.lovelace@example.com", identity.Value);
        Assert.True(identity.IsPrimary);
        Assert.Equal("  Ada.Lovelace@Example.COM ", identity.Metadata!.Value.GetProperty("original").GetString());
    }

    [Fact]
    public async Task A_known_email_answers_the_same_person_and_attaches_a_new_phone()
    {
        var first = await ResolveAsync(new { email = "ada@example.com" });

        var second = await ResolveAsync(new { email = "ADA@example.com", phone = "(415) 555-0132" });

        Assert.False(second.Created);
        Assert.Equal(first.Person.Id, second.Person.Id);
        Assert.Equal(["email"], second.MatchedOn);
        Assert.Equal(0.95, second.Confidence);
        Assert.Contains(second.Identities, i => i.Type == "phone" && i.Value == "+14155550132");
    }

    [Fact]
    public async Task Identities_of_two_different_people_are_not_merged_but_suggested()
    {
        var byEmail = await ResolveAsync(new { email = "grace@example.com" });
        var byPhone = await ResolveAsync(new { phone = "+442079460958" });

        var both = await ResolveAsync(new { email = "grace@example.com", phone = "+44 20 7946 0958" });

        Assert.Equal(byEmail.Person.Id, both.Person.Id);
        Assert.True(both.Confidence < 1.0);
        var suggestion = Assert.Single(both.MergeSuggestions!);
        Assert.Equal(byPhone.Person.Id, suggestion.PersonId);
        Assert.Equal(["phone"], suggestion.MatchedOn);
        await using var db = Servers.CreateDbContext();
        Assert.Equal(2, await db.Persons.CountAsync());
    }

    [Fact]
    public async Task Fifty_concurrent_resolves_of_one_new_email_create_exactly_one_person()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Client.PostAsJsonAsync("/api/person/resolve", new { email = "race@example.com", firstName = $"R{i}" })));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var ids = await Task.WhenAll(results.Select(async r => (await r.Content.ReadFromJsonAsync<PersonResolutionResult>())!.Person.Id));
        Assert.Single(ids.Distinct());
        await using var db = Servers.CreateDbContext();
        Assert.Equal(1, await db.Persons.CountAsync());
        Assert.Equal(1, await db.Identities.CountAsync());
    }

    [Theory]
    [InlineData("""{}""", "identity")]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"email":"a@b"}""", "email")]
    [InlineData("""{"phone":"12"}""", "phone")]
    [InlineData("""{"handle":"@ada"}""", "type")]
    [InlineData("""{"handle":"@ada","type":"myspace"}""", "handle")]
    [InlineData("""{"handle":"a b","type":"instagram"}""", "handle")]
    public async Task Bad_input_gets_400_naming_the_field(string body, string field)
    {
        var response = await Client.PostAsync("/api/person/resolve", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Handles_lose_the_at_sign_and_case_on_case_insensitive_platforms()
    {
        var result = await ResolveAsync(new { handle = "@Ada_Codes", type = "instagram" });
        var again = await ResolveAsync(new { handle = "ada_codes", type = "instagram" });

        Assert.Equal("ada_codes", Assert.Single(result.Identities).Value);
        Assert.Equal(result.Person.Id, again.Person.Id);
    }

    [Fact]
    public async Task An_identity_owned_by_another_person_gets_409()
    {
        var ada = await ResolveAsync(new { email = "ada@example.com" });
        var bob = await ResolveAsync(new { email = "bob@example.com" });

        var response = await Client.PostAsJsonAsync($"/api/person/{bob.Person.Id}/identities", new IdentityCreate("email", "ADA@example.com"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "identity_taken");
        Assert.NotEqual(ada.Person.Id, bob.Person.Id);
    }

    [Fact]
    public async Task Identities_added_later_are_listed_and_a_new_primary_demotes_the_old()
    {
        var ada = await ResolveAsync(new { email = "ada@example.com" });

        var created = await Client.PostAsJsonAsync($"/api/person/{ada.Person.Id}/identities",
            new IdentityCreate("email", "ada@work.example", Verified: true, IsPrimary: true));
        var identities = await Client.GetFromJsonAsync<Identity[]>($"/api/person/{ada.Person.Id}/identities");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(2, identities!.Length);
        Assert.Equal("ada@work.example", Assert.Single(identities, i => i.IsPrimary).Value);
    }

    [Fact]
    public async Task Another_workspaces_person_is_404_on_every_route()
    {
        var ada = await ResolveAsync(new { email = "ada@example.com" });
        var (_, otherKey) = await CreateWorkspaceAsync("other");
        var other = ClientWithKey(otherKey);

        foreach (var path in new[] { "", "/identities", "/memory", "/topics", "/consent", "/notes", "/timeline", "/export", "/objectives" })
        {
            var response = await other.GetAsync($"/api/person/{ada.Person.Id}{path}");
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }
        var resolved = await other.PostAsJsonAsync("/api/person/resolve", new { email = "ada@example.com" });
        Assert.NotEqual(ada.Person.Id, (await resolved.Content.ReadFromJsonAsync<PersonResolutionResult>())!.Person.Id);
    }

    [Fact]
    public async Task A_foreign_workspace_id_in_the_query_gets_403()
    {
        var response = await Client.GetAsync("/api/person?workspaceId=ws_someone_else");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "workspace_mismatch");
    }
}
