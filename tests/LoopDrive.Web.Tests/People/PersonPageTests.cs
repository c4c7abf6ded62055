using System.Net;
using Bunit;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Components.Pages.People;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.People;

public sealed class PersonPageTests : DashboardTestContext
{
    private const string P = "/api/person/per_01ada";

    public PersonPageTests()
    {
        Api.OnJson(HttpMethod.Get, P, PeopleSamples.Person());
        Api.OnJson(HttpMethod.Get, P + "/identities", new[]
        {
            PeopleSamples.Identity(),
            PeopleSamples.Identity("phone", "+442071234567"),
            PeopleSamples.Identity("email", "ada.work@example.com", primary: false),
        });
    }

    [Fact]
    public void The_header_shows_the_name_and_one_primary_identity_per_type()
    {
        RenderProviders();

        var page = Render<PersonPage>(p => p.Add(x => x.Id, "per_01ada"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Ada Lovelace", page.Find(".person-title").TextContent);
            var chips = page.FindAll(".primary-identity").Select(c => c.TextContent.Trim()).ToList();
            Assert.Equal(["ada@example.com", "+442071234567"], chips);
            Assert.Equal(3, page.FindAll(".identities-table tbody tr").Count);
        }, Deadline);
    }

    [Fact]
    public void Editing_the_profile_sends_only_what_changed_and_the_header_follows()
    {
        Api.OnJson(HttpMethod.Patch, P, PeopleSamples.Person(first: "Augusta"));
        var (dialogs, _) = RenderProviders();
        var page = Render<PersonPage>(p => p.Add(x => x.Id, "per_01ada"));
        page.WaitForAssertion(() => Assert.Equal("Ada Lovelace", page.Find(".person-title").TextContent), Deadline);

        page.Find("button.edit-profile").Click();
        dialogs.WaitForElement(".profile-first-name input", Deadline).Change("Augusta");
        dialogs.Find("button.save-profile").Click();

        page.WaitForAssertion(() => Assert.Equal("Augusta Lovelace", page.Find(".person-title").TextContent), Deadline);
        var patch = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Patch);
        Assert.Equal("{\"firstName\":\"Augusta\"}", patch.Body);
    }

    [Fact]
    public void An_unknown_person_shows_a_way_back_instead_of_crashing()
    {
        Api.On(HttpMethod.Get, "/api/person/per_gone", _ => ScriptedApiHandler.Problem(HttpStatusCode.NotFound, "person not found", "not_found"));
        var (_, snackbars) = RenderProviders();

        var page = Render<PersonPage>(p => p.Add(x => x.Id, "per_gone"));

        page.WaitForAssertion(() => Assert.Contains("could not be loaded", page.Markup, StringComparison.Ordinal), Deadline);
        snackbars.WaitForAssertion(() => Assert.Contains("person not found", snackbars.Markup, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public void A_taken_identity_is_explained_next_to_the_form()
    {
        Api.On(HttpMethod.Post, P + "/identities", _ => ScriptedApiHandler.Problem(HttpStatusCode.Conflict,
            "This identity already belongs to another person; merge them instead.", "identity_taken"));
        var (_, snackbars) = RenderProviders();
        var section = Render<IdentitiesSection>(p => p.Add(x => x.PersonId, "per_01ada").Add(x => x.Identities, [PeopleSamples.Identity()]));

        section.Find(".identity-value-input input").Input("bob@example.com");
        section.Find("button.add-identity").Click();

        section.WaitForAssertion(() =>
        {
            var alert = section.Find(".identity-conflict").TextContent;
            Assert.Contains("bob@example.com is already taken", alert, StringComparison.Ordinal);
            Assert.Contains("merge them instead", alert, StringComparison.Ordinal);
        }, Deadline);
        snackbars.WaitForAssertion(() => Assert.Contains("already belongs to another person", snackbars.Markup, StringComparison.Ordinal), Deadline);
        Assert.Equal("{\"type\":\"email\",\"value\":\"bob@example.com\",\"verified\":false}", Api.Requests.Last().Body);
    }

    [Fact]
    public void Memory_cards_show_relevance_once_a_query_ranks_them()
    {
        Api.On(HttpMethod.Get, P + "/memory", request => ScriptedApiHandler.JsonReply(HttpStatusCode.OK,
            request.RequestUri!.Query.Contains("query=", StringComparison.Ordinal)
                ? new[] { PeopleSamples.Memory("Asked about annual pricing", 0.91, "intent"), PeopleSamples.Memory("Prefers short emails", 0.12) }
                : new[] { PeopleSamples.Memory() }));
        RenderProviders();
        var section = Render<MemorySection>(p => p.Add(x => x.PersonId, "per_01ada"));

        section.WaitForAssertion(() => Assert.Single(section.FindAll(".memory-card")), Deadline);
        Assert.Empty(section.FindAll(".memory-relevance"));
        section.Find(".memory-query input").Input("pricing");
        section.Find("button.memory-search").Click();

        section.WaitForAssertion(() =>
        {
            Assert.Equal(2, section.FindAll(".memory-card").Count);
            Assert.Equal(["relevance 91%", "relevance 12%"], section.FindAll(".memory-relevance").Select(r => r.TextContent.Trim()));
        }, Deadline);
        Assert.EndsWith("limit=50&query=pricing", Api.Requests.Last().Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void A_memory_added_from_the_form_is_sent_with_its_kind_and_confidence_and_shown_on_top()
    {
        Api.OnJson(HttpMethod.Get, P + "/memory", new[] { PeopleSamples.Memory() });
        Api.OnJson(HttpMethod.Post, P + "/memory", PeopleSamples.Memory("Runs three bakeries in Lisbon", kind: "fact"), HttpStatusCode.Created);
        RenderProviders();
        var section = Render<MemorySection>(p => p.Add(x => x.PersonId, "per_01ada"));
        section.WaitForAssertion(() => Assert.Single(section.FindAll(".memory-card")), Deadline);

        Assert.True(section.Find("button.add-memory").HasAttribute("disabled"));
        section.Find(".memory-text-input input").Input("Runs three bakeries in Lisbon");
        section.Find("button.add-memory").Click();

        section.WaitForAssertion(() => Assert.Equal(
            ["Runs three bakeries in Lisbon", "Prefers short emails"],
            section.FindAll(".memory-text").Select(t => t.TextContent.Trim())), Deadline);
        var sent = Api.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.Contains("\"kind\":\"fact\"", sent.Body, StringComparison.Ordinal);
        Assert.Contains("\"confidence\":0.8", sent.Body, StringComparison.Ordinal);
        Assert.Equal("", section.Find(".memory-text-input input").GetAttribute("value") ?? "");
    }

    [Fact]
    public void Topic_chips_grow_with_their_weight()
    {
        Api.OnJson(HttpMethod.Get, P + "/topics", new[] { PeopleSamples.Topic("pricing", 0.9), PeopleSamples.Topic("hiking", 0.1) });
        RenderProviders();

        var cloud = Render<TopicCloud>(p => p.Add(x => x.PersonId, "per_01ada"));

        cloud.WaitForAssertion(() =>
        {
            var chips = cloud.FindAll(".topic-chip");
            Assert.Equal(2, chips.Count);
            Assert.Contains("font-size: 1.52rem", chips[0].GetAttribute("style"), StringComparison.Ordinal);
            Assert.Contains("font-size: 0.88rem", chips[1].GetAttribute("style"), StringComparison.Ordinal);
        }, Deadline);
    }

    [Fact]
    public void Notes_list_newest_first_and_a_new_note_goes_on_top()
    {
        Api.OnJson(HttpMethod.Get, P + "/notes", new[] { PeopleSamples.Note() });
        Api.OnJson(HttpMethod.Post, P + "/notes", PeopleSamples.Note("Called back about the demo"), HttpStatusCode.Created);
        RenderProviders();
        var notes = Render<NotesSection>(p => p.Add(x => x.PersonId, "per_01ada"));

        notes.WaitForAssertion(() => Assert.Single(notes.FindAll(".note")), Deadline);
        notes.Find(".note-input textarea").Input("Called back about the demo");
        notes.Find("button.add-note").Click();

        notes.WaitForAssertion(() => Assert.Equal(
            ["Called back about the demo", "Met at the conference"],
            notes.FindAll(".note-content").Select(n => n.TextContent.Trim())), Deadline);
        Assert.Equal("{\"content\":\"Called back about the demo\"}", Api.Requests.Last().Body);
    }

    [Fact]
    public void The_timeline_reads_further_pages_by_cursor_newest_first()
    {
        Api.On(HttpMethod.Get, P + "/timeline", request => ScriptedApiHandler.JsonReply(HttpStatusCode.OK,
            request.RequestUri!.Query.Contains("cursor=c1", StringComparison.Ordinal)
                ? PeopleSamples.Timeline(null, PeopleSamples.Event("evt_3", "email.clicked", minutesAgo: 30))
                : PeopleSamples.Timeline("c1", PeopleSamples.Event("evt_1", "reply.received", "sms", 1), PeopleSamples.Event("evt_2", minutesAgo: 10))));
        RenderProviders();

        var timeline = Render<TimelineSection>(p => p.Add(x => x.PersonId, "per_01ada").Add(x => x.PageSize, 2));

        timeline.WaitForAssertion(() =>
        {
            Assert.Equal(["reply.received", "email.opened", "email.clicked"], timeline.FindAll(".timeline-type").Select(t => t.TextContent.Trim()));
            Assert.Contains("that is all", timeline.Find(".timeline-count").TextContent, StringComparison.Ordinal);
        }, Deadline);
        var pages = Api.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/timeline", StringComparison.Ordinal)).Select(r => r.Uri.Query).ToList();
        Assert.Equal(["?limit=2", "?limit=2&cursor=c1"], pages);
    }

    [Fact]
    public void Changing_an_objective_status_patches_it()
    {
        Api.OnJson(HttpMethod.Get, P + "/objectives", new[] { PeopleSamples.Objective() });
        Api.OnJson(HttpMethod.Patch, P + "/objectives/obj_01", PeopleSamples.Objective(status: "completed"));
        RenderProviders();
        var section = Render<ObjectivesSection>(p => p.Add(x => x.PersonId, "per_01ada"));
        section.WaitForAssertion(() => Assert.Equal("nurture", section.Find(".objective-name").TextContent), Deadline);

        var status = section.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Class == "objective-status");
        section.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync("completed"));

        section.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Method == HttpMethod.Patch && r.Body == "{\"status\":\"completed\"}"), Deadline);
    }
}
