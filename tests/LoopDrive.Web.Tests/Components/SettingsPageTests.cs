using System.Net;
using Bunit;
using LoopDrive.Contracts.Platform;
using LoopDrive.Web.Components.Pages.Settings;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Components;

public sealed class SettingsPageTests : DashboardTestContext
{
    public SettingsPageTests()
    {
        Api.OnJson(HttpMethod.Get, "/api/workspaces/current", ContractSamples.Workspace());
        Api.OnJson(HttpMethod.Get, "/api/workspaces/ws_01demo/api-keys", new ApiKeyList([ContractSamples.Key()], 1));
    }

    [Fact]
    public void The_page_shows_the_workspace_and_its_keys()
    {
        RenderProviders();

        var page = Render<SettingsPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Demo Workspace", page.Find(".workspace-name").TextContent);
            Assert.Equal("ws_01demo", page.Find(".workspace-id").TextContent);
            Assert.Equal("us-east", page.Find(".workspace-region").TextContent);
            var row = page.Find("tr.api-key-row").TextContent;
            Assert.Contains("crm sync", row, StringComparison.Ordinal);
            Assert.Contains("ld_3f9a", row, StringComparison.Ordinal);
            Assert.Contains("never", row, StringComparison.Ordinal);
            Assert.Contains("active", row, StringComparison.Ordinal);
        }, Deadline);
    }

    [Fact]
    public void Revoking_asks_first_then_marks_the_key_revoked()
    {
        Api.OnJson(HttpMethod.Delete, "/api/api-keys/key_01", ContractSamples.Key(revokedAt: ContractSamples.Now));
        var (dialogs, snackbars) = RenderProviders();
        var page = Render<SettingsPage>();

        page.WaitForElement("tr.api-key-row button", Deadline).Click();
        dialogs.WaitForElement("button.confirm-revoke", Deadline);
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Delete);
        dialogs.Find("button.confirm-revoke").Click();

        page.WaitForAssertion(() => Assert.Contains("2025-11-20 10:30 UTC", page.Find("tr.api-key-revoked").TextContent, StringComparison.Ordinal), Deadline);
        snackbars.WaitForAssertion(() => Assert.Contains("revoked", snackbars.Markup, StringComparison.Ordinal), Deadline);
    }

    [Fact]
    public void Creating_a_key_posts_the_form_and_shows_the_new_key()
    {
        var created = ContractSamples.Created();
        Api.OnJson(HttpMethod.Post, "/api/workspaces/ws_01demo/api-keys", created, HttpStatusCode.Created);
        var (dialogs, _) = RenderProviders();
        var page = Render<SettingsPage>();

        page.WaitForElement("button.new-key", Deadline).Click();
        dialogs.WaitForElement(".key-name input", Deadline).Input("billing export");
        dialogs.Find("button.create-key").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(created.Key, dialogs.Find(".new-key-value").TextContent), Deadline);
        var post = Assert.Single(Api.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal("{\"name\":\"billing export\",\"scopes\":[\"api\"]}", post.Body);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.api-key-row").Count), Deadline);
    }

    [Fact]
    public void A_failed_load_shows_a_retry_instead_of_crashing()
    {
        Api.On(HttpMethod.Get, "/api/workspaces/current", _ => ScriptedApiHandler.Problem(HttpStatusCode.Unauthorized, "Invalid API key", "unauthorized"));
        var (_, snackbars) = RenderProviders();

        var page = Render<SettingsPage>();

        page.WaitForAssertion(() => Assert.Contains("could not be loaded", page.Markup, StringComparison.Ordinal), Deadline);
        snackbars.WaitForAssertion(() => Assert.Contains("Invalid API key", snackbars.Markup, StringComparison.Ordinal), Deadline);
    }
}
