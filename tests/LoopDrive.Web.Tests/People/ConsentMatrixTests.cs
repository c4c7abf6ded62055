using System.Net;
using Bunit;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Components.Pages.People;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.People;

public sealed class ConsentMatrixTests : DashboardTestContext
{
    private const string P = "/api/person/per_01ada";

    [Fact]
    public void Each_channel_and_scope_shows_its_current_status()
    {
        Api.OnJson(HttpMethod.Get, P + "/consent", new[] { PeopleSamples.Consent(), PeopleSamples.Consent("sms", "both", "revoked") });
        Api.OnJson(HttpMethod.Get, P + "/consent/history", new[] { PeopleSamples.Change("sms", "both", "revoked"), PeopleSamples.Change() });
        RenderProviders();

        var matrix = Render<ConsentMatrix>(p => p.Add(x => x.PersonId, "per_01ada"));

        matrix.WaitForAssertion(() =>
        {
            Assert.Equal(PeopleEnums.ConsentChannels.Count, matrix.FindAll("tr.consent-row").Count);
            Assert.Equal("granted", Cell(matrix, "email", "marketing"));
            Assert.Equal("unknown", Cell(matrix, "email", "transactional"));
            Assert.Equal("revoked", Cell(matrix, "sms", "both"));
            Assert.Equal(2, matrix.FindAll(".consent-change").Count);
        }, Deadline);
    }

    [Fact]
    public void Editing_a_cell_posts_the_change_and_shows_it_in_matrix_and_history()
    {
        var revoked = false;
        Api.On(HttpMethod.Get, P + "/consent", _ => ScriptedApiHandler.JsonReply(HttpStatusCode.OK,
            new[] { PeopleSamples.Consent(status: revoked ? "revoked" : "granted") }));
        Api.On(HttpMethod.Get, P + "/consent/history", _ => ScriptedApiHandler.JsonReply(HttpStatusCode.OK,
            revoked ? new[] { PeopleSamples.Change(status: "revoked"), PeopleSamples.Change() } : new[] { PeopleSamples.Change() }));
        Api.On(HttpMethod.Post, P + "/consent", _ =>
        {
            revoked = true;
            return ScriptedApiHandler.JsonReply(HttpStatusCode.OK, PeopleSamples.Consent(status: "revoked"));
        });
        Api.On(HttpMethod.Get, P + "/can-contact", request =>
        {
            var channel = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["channel"]!;
            var allowed = channel == "email" && !revoked;
            return ScriptedApiHandler.JsonReply(HttpStatusCode.OK, new ContactCheck("per_01ada", channel, "marketing", allowed,
                allowed ? "granted" : channel == "email" ? "revoked" : "no_consent", "policy detail"));
        });
        var (dialogs, snackbars) = RenderProviders();
        var matrix = Render<ConsentMatrix>(p => p.Add(x => x.PersonId, "per_01ada"));

        matrix.WaitForAssertion(() =>
        {
            Assert.Equal("granted", Cell(matrix, "email", "marketing"));
            Assert.StartsWith("may send", Contact(matrix, "email"), StringComparison.Ordinal);
            Assert.StartsWith("blocked", Contact(matrix, "sms"), StringComparison.Ordinal);
        }, Deadline);
        matrix.Find("tr[data-channel=email] td[data-scope=marketing] .consent-status").Click();
        dialogs.WaitForElement("button.save-consent", Deadline);
        // Granted consent offers revoking first; the form posts with the API as source.
        dialogs.Find("button.save-consent").Click();

        matrix.WaitForAssertion(() =>
        {
            Assert.Equal("revoked", Cell(matrix, "email", "marketing"));
            Assert.Equal(2, matrix.FindAll(".consent-change").Count);
            Assert.Equal("blocked · revoked", Contact(matrix, "email"));
        }, Deadline);
        var post = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal("{\"channel\":\"email\",\"scope\":\"marketing\",\"status\":\"revoked\",\"source\":\"api\"}", post.Body);
        snackbars.WaitForAssertion(() => Assert.Contains("email marketing consent is now revoked", snackbars.Markup, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public void Cancelling_the_edit_posts_nothing()
    {
        Api.OnJson(HttpMethod.Get, P + "/consent", Array.Empty<Consent>());
        Api.OnJson(HttpMethod.Get, P + "/consent/history", Array.Empty<ConsentChange>());
        var (dialogs, _) = RenderProviders();
        var matrix = Render<ConsentMatrix>(p => p.Add(x => x.PersonId, "per_01ada"));

        matrix.WaitForElement("tr[data-channel=sms] td[data-scope=transactional] .consent-status", Deadline).Click();
        dialogs.WaitForElement("button.save-consent", Deadline);
        dialogs.FindAll("button").First(b => b.TextContent.Contains("Cancel", StringComparison.Ordinal)).Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("button.save-consent")), Deadline);
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Post);
    }

    private static string Cell(IRenderedComponent<ConsentMatrix> matrix, string channel, string scope) =>
        matrix.Find($"tr[data-channel={channel}] td[data-scope={scope}] .consent-status").TextContent.Trim();

    private static string Contact(IRenderedComponent<ConsentMatrix> matrix, string channel) =>
        System.Text.RegularExpressions.Regex.Replace(matrix.Find($"tr[data-channel={channel}] .can-contact-answer").TextContent.Trim(), @"\s+", " ");
}
