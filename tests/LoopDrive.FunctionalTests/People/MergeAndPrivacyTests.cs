using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Events;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.People;

public sealed class MergeAndPrivacyTests(TestServers servers) : PeopleTest(servers)
{
    private async Task<string> SeedRichPersonAsync(string email, string phone, string name)
    {
        var id = (await ResolveAsync(new { email, phone, firstName = name })).Person.Id;
        await Client.PostAsJsonAsync($"/api/person/{id}/memory", new MemoryCreate("fact", $"{name} likes sourdough"));
        await Client.PostAsJsonAsync($"/api/person/{id}/topics", new TopicUpsert("baking", 0.6));
        await Client.PostAsJsonAsync($"/api/person/{id}/topics", new TopicUpsert($"{name}-only", 0.3));
        await Client.PostAsJsonAsync($"/api/person/{id}/consent", new ConsentUpdate("email", "marketing", "granted", "form"));
        await Client.PostAsJsonAsync($"/api/person/{id}/consent", new ConsentUpdate("sms", "marketing", "granted", "form"));
        await Client.PostAsJsonAsync($"/api/person/{id}/notes", new NoteCreate($"Called {name} about the order"));
        await Client.PostAsJsonAsync($"/api/person/{id}/objectives", new ObjectiveCreate("nurture"));
        await using var db = Servers.CreateDbContext();
        db.Events.Add(new Event
        {
            Id = LoopDrive.Core.Common.Ids.New("evt"),
            WorkspaceId = WorkspaceId,
            PersonId = id,
            Type = "email.opened",
            Channel = "email",
            Source = "sendgrid",
            Payload = $$"""{"email":"{{email}}"}""",
            Ts = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task A_merge_moves_everything_to_the_target_and_combines_consent_by_the_most_restrictive_rule()
    {
        var source = await SeedRichPersonAsync("src@example.com", "+14155550101", "Sam");
        var target = await SeedRichPersonAsync("tgt@example.com", "+14155550102", "Tia");
        await Client.PostAsJsonAsync($"/api/person/{source}/consent", new ConsentUpdate("email", "marketing", "revoked", "api"));

        var response = await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(source, target));
        var merged = await response.Content.ReadFromJsonAsync<Person>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(target, merged!.Id);
        Assert.StartsWith("mrg_", merged.MergeId, StringComparison.Ordinal);
        Assert.Equal(target, (await Client.GetFromJsonAsync<Person>($"/api/person/{source}"))!.Id);
        Assert.Equal(4, (await Client.GetFromJsonAsync<Identity[]>($"/api/person/{target}/identities"))!.Length);
        Assert.Equal(2, (await Client.GetFromJsonAsync<Note[]>($"/api/person/{target}/notes"))!.Length);
        var topics = (await Client.GetFromJsonAsync<Topic[]>($"/api/person/{target}/topics"))!;
        Assert.Equal(0.84, topics.Single(t => t.Name == "baking").Weight, 2);
        Assert.Equal(3, topics.Length);
        var consent = (await Client.GetFromJsonAsync<Consent[]>($"/api/person/{target}/consent"))!;
        Assert.Equal("revoked", consent.Single(c => c.Channel == "email").Status);
        Assert.Equal("granted", consent.Single(c => c.Channel == "sms").Status);
        var timeline = await Client.GetFromJsonAsync<LoopDrive.Contracts.Events.TimelineResponse>($"/api/person/{target}/timeline");
        Assert.Equal(2, timeline!.Events.Count);
    }

    [Fact]
    public async Task Undo_restores_the_database_exactly_as_it_was_before_the_merge()
    {
        var source = await SeedRichPersonAsync("src@example.com", "+14155550101", "Sam");
        var target = await SeedRichPersonAsync("tgt@example.com", "+14155550102", "Tia");
        var before = await DatabaseDump.AllRowsAsync(Servers.DatabaseConnectionString, "person_merges", "idempotency_records");

        var merged = await (await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(source, target))).Content.ReadFromJsonAsync<Person>();
        Assert.NotEqual(before, await DatabaseDump.AllRowsAsync(Servers.DatabaseConnectionString, "person_merges", "idempotency_records"));
        var undo = await Client.PostAsJsonAsync($"/api/person/merge/{merged!.MergeId}/undo", new { });
        var again = await Client.PostAsJsonAsync($"/api/person/merge/{merged.MergeId}/undo", new { });

        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(before, await DatabaseDump.AllRowsAsync(Servers.DatabaseConnectionString, "person_merges", "idempotency_records"));
        Assert.Equal(source, (await Client.GetFromJsonAsync<Person>($"/api/person/{source}"))!.Id);
    }

    [Fact]
    public async Task Merging_into_itself_or_with_a_tombstone_gets_409_and_unknown_ids_404()
    {
        var a = (await ResolveAsync(new { email = "a@example.com" })).Person.Id;
        var b = (await ResolveAsync(new { email = "b@example.com" })).Person.Id;
        var c = (await ResolveAsync(new { email = "c@example.com" })).Person.Id;

        var self = await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(a, a));
        await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(a, b));
        var intoTombstone = await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(c, a));
        var unknown = await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(c, "per_nobody"));
        var missing = await Client.PostAsJsonAsync("/api/person/merge", new { sourceId = c });

        await self.AssertProblemAsync(HttpStatusCode.Conflict, "merge_into_self");
        await intoTombstone.AssertProblemAsync(HttpStatusCode.Conflict, "merge_tombstone");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Export_returns_everything_held_about_the_person()
    {
        var id = await SeedRichPersonAsync("ada@example.com", "+14155550101", "Ada");

        var export = await Client.GetFromJsonAsync<PersonExport>($"/api/person/{id}/export");

        Assert.Equal(id, export!.Person.Id);
        Assert.Equal(2, export.Identities.Count);
        Assert.Single(export.Memory);
        Assert.Equal(2, export.Topics.Count);
        Assert.Equal(2, export.Consents.Count);
        Assert.Equal(2, export.ConsentHistory.Count);
        Assert.Single(export.Notes);
        Assert.Single(export.Objectives);
        Assert.Single(export.Events);
    }

    [Fact]
    public async Task Erasure_leaves_no_personal_string_anywhere_in_the_database()
    {
        var keep = await SeedRichPersonAsync("keep@example.com", "+14155550109", "Kim");
        var merged = await SeedRichPersonAsync("old-ada@example.com", "+14155550108", "Adaline");
        var ada = await SeedRichPersonAsync("ada@example.com", "+14155550101", "Ada");
        await Client.PostAsJsonAsync("/api/person/merge", new MergeRequest(merged, ada));

        var response = await Client.DeleteAsync($"/api/person/{ada}");
        var erased = await response.Content.ReadFromJsonAsync<Person>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(erased!.FirstName);
        var dump = await DatabaseDump.AllRowsAsync(Servers.DatabaseConnectionString);
        foreach (var personal in new[] { "ada@example.com", "old-ada@example.com", "+14155550101", "+14155550108", "Adaline", "Ada likes", "Called Ada", "Ada-only", "adaline-only" })
            Assert.DoesNotContain(personal, dump, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("keep@example.com", dump, StringComparison.Ordinal);
        Assert.Contains("person.erased", dump, StringComparison.Ordinal);
        Assert.Equal(2, (await Client.GetFromJsonAsync<Identity[]>($"/api/person/{keep}/identities"))!.Length);
        Assert.Empty((await Client.GetFromJsonAsync<Identity[]>($"/api/person/{ada}/identities"))!);
    }

    [Fact]
    public async Task The_timeline_pages_newest_first_with_a_cursor_and_filters()
    {
        var id = (await ResolveAsync(new { email = "ada@example.com" })).Person.Id;
        await using (var db = Servers.CreateDbContext())
        {
            var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < 25; i++)
            {
                db.Events.Add(new Event
                {
                    Id = LoopDrive.Core.Common.Ids.New("evt"),
                    WorkspaceId = WorkspaceId,
                    PersonId = id,
                    Type = i % 5 == 0 ? "sms.sent" : "email.opened",
                    Channel = i % 5 == 0 ? "sms" : "email",
                    Source = "test",
                    Payload = "{}",
                    Ts = start.AddMinutes(i),
                });
            }
            await db.SaveChangesAsync();
        }

        var seen = new List<LoopDrive.Contracts.Events.Event>();
        string? cursor = null;
        do
        {
            var page = await Client.GetFromJsonAsync<LoopDrive.Contracts.Events.TimelineResponse>(
                $"/api/person/{id}/timeline?limit=10" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page!.Events);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        var sms = await Client.GetFromJsonAsync<LoopDrive.Contracts.Events.TimelineResponse>($"/events/timeline?personId={id}&channels=sms&includeMemory=true");
        var noPerson = await Client.GetAsync("/events/timeline");

        Assert.Equal(25, seen.Count);
        Assert.Equal(seen.OrderByDescending(e => e.Ts).Select(e => e.Id), seen.Select(e => e.Id));
        Assert.Equal(5, sms!.Events.Count);
        Assert.NotNull(sms.Memory);
        await noPerson.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
