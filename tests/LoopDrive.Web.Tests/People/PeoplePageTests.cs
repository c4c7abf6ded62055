using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Bunit;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Components.Pages.People;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.People;

public sealed class PeoplePageTests : DashboardTestContext
{
    [Fact]
    public void The_list_pages_and_typing_searches_after_a_pause()
    {
        Api.OnJson(HttpMethod.Get, "/api/person", new PersonList([PeopleSamples.Person(), PeopleSamples.Person("per_02bob", "Bob", "Babbage")], 30));
        Api.OnJson(HttpMethod.Get, "/api/person/search", new PersonList([PeopleSamples.Person("per_02bob", "Bob", "Babbage")], 1));
        RenderProviders();
        var page = Render<PeoplePage>(p => p.Add(x => x.PageSize, 2).Add(x => x.SearchDelay, TimeSpan.FromMilliseconds(300)));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["Ada Lovelace", "Bob Babbage"], page.FindAll(".person-name").Select(n => n.TextContent));
            Assert.Contains("1–2 of 30", page.Find(".people-page").TextContent, StringComparison.Ordinal);
        }, Deadline);
        page.Find("button.people-next").Click();
        page.WaitForAssertion(() => Assert.Contains(Api.Requests, r => r.Uri.Query == "?limit=2&offset=2"), Deadline);

        page.Find(".people-search input").Input("bob");
        Assert.DoesNotContain(Api.Requests, r => r.Uri.AbsolutePath == "/api/person/search");
        Time.Advance(TimeSpan.FromMilliseconds(300));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["Bob Babbage"], page.FindAll(".person-name").Select(n => n.TextContent));
            Assert.Contains("1 match", page.Find(".people-total").TextContent, StringComparison.Ordinal);
        }, Deadline);
        Assert.Equal("?q=bob&limit=2", Assert.Single(Api.Requests, r => r.Uri.AbsolutePath == "/api/person/search").Uri.Query);
    }

    [Fact]
    public void Adding_a_person_resolves_the_form_and_opens_the_person()
    {
        Api.OnJson(HttpMethod.Get, "/api/person", new PersonList([], 0));
        Api.OnJson(HttpMethod.Post, "/api/person/resolve",
            new PersonResolutionResult(PeopleSamples.Person("per_03new", "Grace", "Hopper"), [], [], 1, null, true));
        var (dialogs, _) = RenderProviders();
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var page = Render<PeoplePage>();

        page.WaitForElement("button.add-person", Deadline).Click();
        dialogs.WaitForElement(".resolve-first input", Deadline).Change("Grace");
        dialogs.Find(".resolve-email input").Input("grace@example.com");
        dialogs.Find("button.resolve-person").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/people/per_03new", navigation.Uri, StringComparison.Ordinal), Deadline);
        var post = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal("{\"email\":\"grace@example.com\",\"firstName\":\"Grace\"}", post.Body);
    }
}
