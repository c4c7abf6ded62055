using System.Net;
using LoopDrive.Client.Modules;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.People;

public sealed class PersonClientTests
{
    [Fact]
    public async Task Resolve_posts_the_partial_identity_without_null_fields()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.OK,
            new PersonResolutionResult(PeopleSamples.Person(), [PeopleSamples.Identity()], ["email"], 1, null, true));
        var client = TestClients.Create(handler);

        var result = await client.Person.ResolveAsync(new PartialIdentity(Email: "ada@example.com", FirstName: "Ada"));

        var request = handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/person/resolve", request.Uri.AbsolutePath);
        Assert.Equal("{\"email\":\"ada@example.com\",\"firstName\":\"Ada\"}", request.Body);
        Assert.True(result.Created);
        Assert.Equal("per_01ada", result.Person.Id);
    }

    [Fact]
    public async Task List_and_search_encode_their_query_and_leave_nulls_out()
    {
        var handler = new ScriptedApiHandler()
            .ThenJson(HttpStatusCode.OK, new PersonList([], 0))
            .ThenJson(HttpStatusCode.OK, new PersonList([], 0))
            .ThenJson(HttpStatusCode.OK, new PersonList([PeopleSamples.Person()], 1));
        var client = TestClients.Create(handler);

        await client.Person.ListAsync();
        await client.Person.ListAsync(limit: 25, offset: 50, workspaceId: "ws_01demo");
        var found = await client.Person.SearchAsync("ada & co", limit: 5);

        var uris = handler.Requests.Select(r => r.Uri.PathAndQuery).ToList();
        Assert.Equal("/api/person", uris[0]);
        Assert.Equal("/api/person?workspaceId=ws_01demo&limit=25&offset=50", uris[1]);
        Assert.Equal("/api/person/search?q=ada%20%26%20co&limit=5", uris[2]);
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public async Task Memory_kinds_are_repeated_keys_and_numbers_are_invariant()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.OK, new[] { PeopleSamples.Memory(relevance: 0.82) });
        var client = TestClients.Create(handler);

        var memory = await client.Person.ListMemoryAsync("per_01ada", ["fact", "intent"], limit: 10, minConfidence: 0.5, query: "pricing plans");

        Assert.Equal("/api/person/per_01ada/memory?kinds=fact&kinds=intent&limit=10&minConfidence=0.5&query=pricing%20plans",
            handler.Requests.Single().Uri.PathAndQuery);
        Assert.Equal(0.82, Assert.Single(memory).Relevance);
    }

    [Fact]
    public async Task Timeline_sends_filters_dates_and_cursor()
    {
        var handler = new ScriptedApiHandler()
            .ThenJson(HttpStatusCode.OK, PeopleSamples.Timeline("c2", PeopleSamples.Event("evt_2")))
            .ThenJson(HttpStatusCode.OK, PeopleSamples.Timeline(null));
        var client = TestClients.Create(handler);
        var from = new DateTimeOffset(2025, 11, 1, 9, 0, 0, TimeSpan.FromHours(1));

        var first = await client.Person.TimelineAsync("per_01ada", new TimelineQuery(
            Channels: ["email", "sms"], Types: ["email.opened"], DateFrom: from, Limit: 50, IncludeMemory: true));
        await client.Person.TimelineAsync("per_01ada", new TimelineQuery(Cursor: first.NextCursor));

        Assert.Equal(
            "/api/person/per_01ada/timeline?channels=email&channels=sms&types=email.opened&dateFrom=2025-11-01T08%3A00%3A00.000Z&limit=50&includeMemory=true",
            handler.Requests[0].Uri.PathAndQuery);
        Assert.Equal("/api/person/per_01ada/timeline?cursor=c2", handler.Requests[1].Uri.PathAndQuery);
    }

    [Fact]
    public async Task Merge_posts_source_and_target_and_undo_posts_to_the_merge()
    {
        var handler = new ScriptedApiHandler()
            .ThenJson(HttpStatusCode.OK, PeopleSamples.Person(mergeId: "mrg_01"))
            .ThenJson(HttpStatusCode.OK, new MergeUndone("mrg_01", PeopleSamples.Person("per_02bob", "Bob"), PeopleSamples.Person()));
        var client = TestClients.Create(handler);

        var merged = await client.Person.MergeAsync("per_02bob", "per_01ada");
        var undone = await client.Person.UndoMergeAsync(merged.MergeId!);

        Assert.Equal("/api/person/merge", handler.Requests[0].Uri.AbsolutePath);
        Assert.Equal("{\"sourceId\":\"per_02bob\",\"targetId\":\"per_01ada\"}", handler.Requests[0].Body);
        Assert.Equal("/api/person/merge/mrg_01/undo", handler.Requests[1].Uri.AbsolutePath);
        Assert.Equal("{}", handler.Requests[1].Body);
        Assert.NotNull(handler.Requests[1].IdempotencyKey);
        Assert.Equal("per_02bob", undone.Source.Id);
    }

    [Fact]
    public async Task Sub_resource_routes_match_the_contract()
    {
        const string P = "/api/person/per_01ada";
        var handler = new ScriptedApiHandler()
            .OnJson(HttpMethod.Get, P, PeopleSamples.Person())
            .OnJson(HttpMethod.Patch, P, PeopleSamples.Person(first: "Augusta"))
            .OnJson(HttpMethod.Delete, P, PeopleSamples.Person(first: null, last: null))
            .OnJson(HttpMethod.Get, P + "/export", new PersonExport(PeopleSamples.Person(), [], [], [], [], [], [], [], [], ContractSamples.Now))
            .OnJson(HttpMethod.Get, P + "/can-contact", new ContactCheck("per_01ada", "email", "marketing", true, "granted", "Granted by form."))
            .OnJson(HttpMethod.Get, P + "/identities", new[] { PeopleSamples.Identity() })
            .OnJson(HttpMethod.Post, P + "/identities", PeopleSamples.Identity("phone", "+442071234567"), HttpStatusCode.Created)
            .OnJson(HttpMethod.Post, P + "/memory", PeopleSamples.Memory(), HttpStatusCode.Created)
            .OnJson(HttpMethod.Get, P + "/topics", new[] { PeopleSamples.Topic("pricing", 0.8) })
            .OnJson(HttpMethod.Post, P + "/topics", PeopleSamples.Topic("pricing", 0.9))
            .OnJson(HttpMethod.Get, P + "/consent", new[] { PeopleSamples.Consent() })
            .OnJson(HttpMethod.Post, P + "/consent", PeopleSamples.Consent(status: "revoked"))
            .OnJson(HttpMethod.Get, P + "/consent/history", new[] { PeopleSamples.Change() })
            .OnJson(HttpMethod.Get, P + "/notes", new[] { PeopleSamples.Note() })
            .OnJson(HttpMethod.Post, P + "/notes", PeopleSamples.Note("Called back"), HttpStatusCode.Created)
            .OnJson(HttpMethod.Get, P + "/objectives", new[] { PeopleSamples.Objective() })
            .OnJson(HttpMethod.Post, P + "/objectives", PeopleSamples.Objective("obj_02", "upsell"), HttpStatusCode.Created)
            .OnJson(HttpMethod.Patch, P + "/objectives/obj_01", PeopleSamples.Objective(status: "paused"));
        var client = TestClients.Create(handler);
        const string id = "per_01ada";

        Assert.Equal("Ada", (await client.Person.GetAsync(id)).FirstName);
        Assert.Equal("Augusta", (await client.Person.UpdateAsync(id, new PersonUpdate(FirstName: "Augusta"))).FirstName);
        Assert.Null((await client.Person.EraseAsync(id)).FirstName);
        Assert.Equal(id, (await client.Person.ExportAsync(id)).Person.Id);
        Assert.True((await client.Person.CanContactAsync(id, "email", "marketing")).Allowed);
        Assert.Single(await client.Person.ListIdentitiesAsync(id));
        Assert.Equal("phone", (await client.Person.AddIdentityAsync(id, new IdentityCreate("phone", "020 7123 4567"))).Type);
        Assert.Equal("preference", (await client.Person.AddMemoryAsync(id, new MemoryCreate("preference", "Prefers short emails"))).Kind);
        Assert.Equal(0.8, Assert.Single(await client.Person.ListTopicsAsync(id)).Weight);
        Assert.Equal(0.9, (await client.Person.UpsertTopicAsync(id, new TopicUpsert("pricing", 0.9))).Weight);
        Assert.Single(await client.Person.ListConsentAsync(id, "email"));
        Assert.Equal("revoked", (await client.Person.UpdateConsentAsync(id, new ConsentUpdate("email", "marketing", "revoked", "api"))).Status);
        Assert.Single(await client.Person.ConsentHistoryAsync(id));
        Assert.Single(await client.Person.ListNotesAsync(id));
        Assert.Equal("Called back", (await client.Person.AddNoteAsync(id, new NoteCreate("Called back"))).Content);
        Assert.Single(await client.Person.ListObjectivesAsync(id));
        Assert.Equal("upsell", (await client.Person.AddObjectiveAsync(id, new ObjectiveCreate("upsell", Priority: 3))).Type);
        Assert.Equal("paused", (await client.Person.UpdateObjectiveAsync(id, "obj_01", new ObjectiveUpdate("paused"))).Status);

        var sent = handler.Requests;
        Assert.Equal("/api/person/per_01ada/can-contact?channel=email&purpose=marketing", sent[4].Uri.PathAndQuery);
        Assert.Equal("{\"type\":\"phone\",\"value\":\"020 7123 4567\",\"verified\":false}", sent[6].Body);
        Assert.Equal("/api/person/per_01ada/consent?channel=email", sent[10].Uri.PathAndQuery);
        Assert.Equal("{\"channel\":\"email\",\"scope\":\"marketing\",\"status\":\"revoked\",\"source\":\"api\"}", sent[11].Body);
        Assert.Equal("{\"status\":\"paused\"}", sent[17].Body);
    }

    [Fact]
    public async Task A_taken_identity_surfaces_as_a_conflict_with_its_code()
    {
        var handler = new ScriptedApiHandler().Then(_ => ScriptedApiHandler.Problem(HttpStatusCode.Conflict,
            "This identity already belongs to another person; merge them instead.", "identity_taken"));
        var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<LoopDrive.Client.LoopDriveApiException>(() =>
            client.Person.AddIdentityAsync("per_01ada", new IdentityCreate("email", "bob@example.com")));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("identity_taken", error.Code);
    }

    [Fact]
    public async Task Person_ids_are_escaped_as_one_segment()
    {
        var handler = new ScriptedApiHandler().ThenJson(HttpStatusCode.OK, Array.Empty<Note>());
        var client = TestClients.Create(handler);

        await client.Person.ListNotesAsync("../merge");

        Assert.Equal("/api/person/..%2Fmerge/notes", handler.Requests.Single().Uri.AbsolutePath);
    }
}
