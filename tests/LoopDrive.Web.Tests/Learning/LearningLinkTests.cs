using Bunit;
using LoopDrive.Web.Components.Pages.Learning;
using LoopDrive.Web.Components.Pages.People;
using LoopDrive.Web.Tests.People;
using LoopDrive.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Web.Tests.Learning;

public sealed class LearningLinkTests : DashboardTestContext
{
    public LearningLinkTests() => Time.SetUtcNow(LearningSamples.Now);

    [Fact]
    public void A_persons_page_links_to_what_the_loop_learned_about_them_which_opens_on_their_send_times()
    {
        Api.OnJson(HttpMethod.Get, "/api/learning/health", LearningSamples.Health());
        Api.OnJson(HttpMethod.Get, "/api/learning/snippets", LearningSamples.Snippets());
        Api.OnJson(HttpMethod.Get, "/api/learning/send-times", LearningSamples.SendTimes("per_01ada", sends: 12));
        Api.OnJson(HttpMethod.Get, "/api/person/per_01ada", PeopleSamples.Person());
        RenderProviders();
        var header = Render<PersonHeader>(p => p.Add(x => x.Person, PeopleSamples.Person("per_01ada")));
        var href = header.Find("a.person-learning").GetAttribute("href")!;
        Assert.Equal("/learning?personId=per_01ada", href);

        Services.GetRequiredService<NavigationManager>().NavigateTo(href);
        var page = Render<LearningPage>();

        page.WaitForAssertion(() => Assert.Contains("per_01ada", page.Find(".send-time-heatmap").TextContent, StringComparison.Ordinal), Deadline);
        Assert.Equal("?personId=per_01ada", Assert.Single(Api.Requests, r => r.Uri.AbsolutePath == "/api/learning/send-times").Uri.Query);
        // The picker names the person the link gave by id.
        page.WaitForAssertion(() => Assert.Equal("Ada Lovelace", page.Find(".scope-person input").GetAttribute("value")), Deadline);
    }
}
