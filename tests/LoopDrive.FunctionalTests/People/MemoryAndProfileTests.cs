using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.People;

public sealed class MemoryAndProfileTests(TestServers servers) : PeopleTest(servers)
{
    [Fact]
    public async Task A_memory_query_ranks_by_meaning_and_filters_by_kind_and_confidence()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;
        foreach (var (kind, text, confidence) in new[]
        {
            ("fact", "Runs a bakery with three shops in Lisbon", 0.9),
            ("intent", "Asked how much the enterprise plan costs per seat", 0.8),
            ("preference", "Prefers to be contacted in the evening", 0.7),
            ("objection", "Thinks the price is too high compared to competitors", 0.95),
        })
        {
            var created = await Client.PostAsJsonAsync($"/api/person/{ada}/memory", new MemoryCreate(kind, text, confidence));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var ranked = await Client.GetFromJsonAsync<Memory[]>($"/api/person/{ada}/memory?query=pricing%20and%20cost&limit=2");
        var onlyFacts = await Client.GetFromJsonAsync<Memory[]>($"/api/person/{ada}/memory?kinds=fact&kinds=preference");
        var confident = await Client.GetFromJsonAsync<Memory[]>($"/api/person/{ada}/memory?minConfidence=0.85");

        Assert.Equal(2, ranked!.Length);
        Assert.All(ranked, m => Assert.InRange(m.Relevance!.Value, 0, 1));
        Assert.True(ranked[0].Relevance >= ranked[1].Relevance);
        Assert.All(ranked, m => Assert.Contains(m.Kind, new[] { "intent", "objection" }));
        Assert.Equal(["fact", "preference"], onlyFacts!.Select(m => m.Kind).Order());
        Assert.All(onlyFacts!, m => Assert.Null(m.Relevance));
        Assert.Equal(["fact", "objection"], confident!.Select(m => m.Kind).Order());
        Assert.Equal("all-MiniLM-L6-v2", ranked[0].ModelId);
    }

    [Fact]
    public async Task A_memory_query_sees_every_change_to_the_memories_it_ranked_before()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;
        var bob = (await ResolveAsync(new { email = "bob@example.com" })).Person.Id;
        await Client.PostAsJsonAsync($"/api/person/{ada}/memory", new MemoryCreate("fact", "Keeps bees on the roof of the office", 0.9));
        await Client.PostAsJsonAsync($"/api/person/{bob}/memory", new MemoryCreate("intent", "Wants a quote for two hundred seats", 0.9));

        async Task<string[]> Texts(string person) =>
            [.. (await Client.GetFromJsonAsync<Memory[]>($"/api/person/{person}/memory?query=pricing%20for%20seats&limit=10"))!.Select(m => m.Text)];

        Assert.Equal(["Keeps bees on the roof of the office"], await Texts(ada));
        await Client.PostAsJsonAsync($"/api/person/{ada}/memory", new MemoryCreate("intent", "Asked what the seat price is", 0.9));
        var afterAdd = await Texts(ada);
        var merged = await (await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(bob, ada))).Content.ReadFromJsonAsync<Person>();
        var afterMerge = await Texts(ada);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/person/merge/{merged!.MergeId}/undo", null)).StatusCode);
        var afterUndo = await Texts(ada);

        Assert.Equal("Asked what the seat price is", afterAdd[0]);
        Assert.Equal(2, afterAdd.Length);
        Assert.Contains("Wants a quote for two hundred seats", afterMerge);
        Assert.Equal(3, afterMerge.Length);
        Assert.Equal(afterAdd.Order(), afterUndo.Order());
        Assert.Equal(["Wants a quote for two hundred seats"], await Texts(bob));
    }

    [Fact]
    public async Task Objections_and_complaints_are_not_usable_in_copy_by_default()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;

        var objection = await (await Client.PostAsJsonAsync($"/api/person/{ada}/memory", new MemoryCreate("objection", "Too expensive")))
            .Content.ReadFromJsonAsync<Memory>();
        var complaint = await (await Client.PostAsJsonAsync($"/api/person/{ada}/memory",
            new MemoryCreate("message", "The parcel arrived broken", Metadata: System.Text.Json.JsonDocument.Parse("""{"intent":"complaint"}""").RootElement)))
            .Content.ReadFromJsonAsync<Memory>();
        var fact = await (await Client.PostAsJsonAsync($"/api/person/{ada}/memory", new MemoryCreate("fact", "Has two dogs")))
            .Content.ReadFromJsonAsync<Memory>();

        Assert.False(objection!.UsableInCopy);
        Assert.False(complaint!.UsableInCopy);
        Assert.True(fact!.UsableInCopy);
        Assert.Equal(1.0, fact.Confidence);
    }

    [Theory]
    [InlineData("""{"kind":"gossip","text":"x"}""", "kind")]
    [InlineData("""{"kind":"fact","text":"   "}""", "text")]
    [InlineData("""{"kind":"fact","text":"x","confidence":1.5}""", "confidence")]
    public async Task Bad_memory_gets_400_naming_the_field(string body, string field)
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;
        var response = await Client.PostAsync($"/api/person/{ada}/memory", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Topics_upsert_by_name_and_reject_weights_outside_zero_to_one()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;

        await Client.PostAsJsonAsync($"/api/person/{ada}/topics", new TopicUpsert("Pricing", 0.4));
        var updated = await (await Client.PostAsJsonAsync($"/api/person/{ada}/topics", new TopicUpsert("pricing", 0.7)))
            .Content.ReadFromJsonAsync<Topic>();
        var bad = await Client.PostAsJsonAsync($"/api/person/{ada}/topics", new TopicUpsert("pricing", 1.5));
        var topics = await Client.GetFromJsonAsync<Topic[]>($"/api/person/{ada}/topics");

        Assert.Equal("manual", updated!.Source);
        Assert.Equal(0.7, Assert.Single(topics!).Weight, 3);
        Assert.NotNull(updated.LastSeen);
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Consent_changes_are_kept_as_history_and_decide_whether_marketing_may_go_out()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;

        var before = await Client.GetFromJsonAsync<ContactCheck>($"/api/person/{ada}/can-contact?channel=email");
        var granted = await (await Client.PostAsJsonAsync($"/api/person/{ada}/consent", new ConsentUpdate("email", "marketing", "granted", "form")))
            .Content.ReadFromJsonAsync<Consent>();
        var allowed = await Client.GetFromJsonAsync<ContactCheck>($"/api/person/{ada}/can-contact?channel=email");
        var revoked = await (await Client.PostAsJsonAsync($"/api/person/{ada}/consent", new ConsentUpdate("email", "both", "revoked", "api")))
            .Content.ReadFromJsonAsync<Consent>();
        var after = await Client.GetFromJsonAsync<ContactCheck>($"/api/person/{ada}/can-contact?channel=email");
        var transactional = await Client.GetFromJsonAsync<ContactCheck>($"/api/person/{ada}/can-contact?channel=email&purpose=transactional");
        var current = await Client.GetFromJsonAsync<Consent[]>($"/api/person/{ada}/consent?channel=email");
        var history = await Client.GetFromJsonAsync<ConsentChange[]>($"/api/person/{ada}/consent/history");

        Assert.Equal("no_consent", before!.Reason);
        Assert.NotNull(granted!.GrantedAt);
        Assert.True(allowed!.Allowed);
        Assert.NotNull(revoked!.RevokedAt);
        Assert.Equal("consent_revoked", after!.Reason);
        Assert.False(transactional!.Allowed);
        Assert.Equal(2, current!.Length);
        Assert.Equal(["revoked", "granted"], history!.Select(h => h.Status));
    }

    [Theory]
    [InlineData("""{"channel":"pigeon","scope":"marketing","status":"granted","source":"form"}""", "channel")]
    [InlineData("""{"channel":"email","scope":"forever","status":"granted","source":"form"}""", "scope")]
    [InlineData("""{"channel":"email","scope":"marketing","status":"maybe","source":"form"}""", "status")]
    public async Task Unknown_consent_enum_values_get_400(string body, string field)
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;
        var response = await Client.PostAsync($"/api/person/{ada}/consent", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_note_takes_its_author_from_the_key_not_the_body()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;

        var response = await Client.PostAsync($"/api/person/{ada}/notes", new StringContent(
            """{"content":"Met at the fair","authorId":"someone-else"}""", System.Text.Encoding.UTF8, "application/json"));
        var note = await response.Content.ReadFromJsonAsync<Note>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("key_", note!.AuthorId, StringComparison.Ordinal);
        Assert.Single((await Client.GetFromJsonAsync<Note[]>($"/api/person/{ada}/notes"))!);
    }

    [Fact]
    public async Task Objectives_are_created_active_and_move_through_their_states()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;

        var created = await (await Client.PostAsJsonAsync($"/api/person/{ada}/objectives", new ObjectiveCreate("demo_book", Priority: 2)))
            .Content.ReadFromJsonAsync<Objective>();
        var done = await (await Client.PatchAsJsonAsync($"/api/person/{ada}/objectives/{created!.Id}", new ObjectiveUpdate("completed")))
            .Content.ReadFromJsonAsync<Objective>();
        var bad = await Client.PatchAsJsonAsync($"/api/person/{ada}/objectives/{created.Id}", new ObjectiveUpdate("finished"));

        Assert.Equal("active", created.Status);
        Assert.Equal("completed", done!.Status);
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Search_finds_people_by_name_prefix_email_fragment_phone_digits_and_typos()
    {
        var ada = (await ResolveAsync(new { email = "ada.lovelace@example.com", firstName = "Ada", lastName = "Lovelace" })).Person.Id;
        var grace = (await ResolveAsync(new { phone = "+14155550199", firstName = "Grace", lastName = "Hopper" })).Person.Id;
        await ResolveAsync(new { email = "someone@else.org", firstName = "Alan", lastName = "Turing" });

        async Task<string[]> Find(string q) =>
            (await Client.GetFromJsonAsync<PersonList>($"/api/person/search?workspaceId={WorkspaceId}&q={Uri.EscapeDataString(q)}"))!
                .Persons.Select(p => p.Id).ToArray();

        Assert.Equal(ada, (await Find("ada lo")).First());
        Assert.Equal(ada, (await Find("lovelace@exam")).First());
        Assert.Equal(grace, (await Find("415 555 0199")).First());
        Assert.Equal(grace, (await Find("Hoper")).First());
        Assert.Empty(await Find("zzzzqqq"));
        var missing = await Client.GetAsync("/api/person/search");
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_list_pages_with_a_total()
    {
        for (var i = 0; i < 5; i++) await ResolveAsync(new { email = $"p{i}@example.com" });

        var page = await Client.GetFromJsonAsync<PersonList>($"/api/person?workspaceId={WorkspaceId}&limit=2&offset=1");

        Assert.Equal(5, page!.Total);
        Assert.Equal(2, page.Persons.Count);
    }

    [Fact]
    public async Task A_memory_stored_without_a_vector_is_embedded_by_the_retry_and_then_found_by_query()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;
        var memory = await (await Client.PostAsJsonAsync($"/api/person/{ada}/memory", new MemoryCreate("fact", "Keeps bees on the roof")))
            .Content.ReadFromJsonAsync<Memory>();
        await using (var db = Servers.CreateDbContext())
        {
            // As if the embedding had failed when the memory was written.
            var row = await db.MemEmbeddings.FindAsync(memory!.Id);
            row!.Vector = null;
            row.ModelId = null;
            await db.SaveChangesAsync();
        }
        Assert.Empty((await Client.GetFromJsonAsync<Memory[]>($"/api/person/{ada}/memory?query=honey"))!);

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var embedded = await scope.ServiceProvider.GetRequiredService<LoopDrive.Core.People.EmbedPendingMemories>().HandleAsync(64, CancellationToken.None);
            Assert.Equal(1, embedded);
        }

        var found = await Client.GetFromJsonAsync<Memory[]>($"/api/person/{ada}/memory?query=honey");
        Assert.Equal(memory!.Id, Assert.Single(found!).Id);
    }

    [Fact]
    public async Task Concurrent_first_upserts_of_a_topic_and_a_consent_make_one_row_each_and_no_error()
    {
        var ada = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;

        var topics = Enumerable.Range(0, 12).Select(i => Client.PostAsJsonAsync($"/api/person/{ada}/topics", new TopicUpsert("racing", i / 20.0)));
        var consents = Enumerable.Range(0, 12).Select(_ => Client.PostAsJsonAsync($"/api/person/{ada}/consent", new ConsentUpdate("sms", "marketing", "granted", "form")));
        var responses = await Task.WhenAll(topics.Concat(consents));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single((await Client.GetFromJsonAsync<Topic[]>($"/api/person/{ada}/topics"))!);
        Assert.Single((await Client.GetFromJsonAsync<Consent[]>($"/api/person/{ada}/consent"))!);
        Assert.Equal(12, (await Client.GetFromJsonAsync<ConsentChange[]>($"/api/person/{ada}/consent/history"))!.Length);
    }
}
