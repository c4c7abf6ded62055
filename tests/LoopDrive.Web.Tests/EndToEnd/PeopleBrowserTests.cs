using LoopDrive.Client;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.EndToEnd;

[Collection(BrowserTestsCollection.Name)]
public sealed class PeopleBrowserTests(RunningSystemFixture system) : IClassFixture<RunningSystemFixture>
{
    private static readonly float Deadline = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task Two_people_are_merged_in_the_browser_and_the_merge_is_undone()
    {
        var api = new LoopDriveClient(new HttpClient(), new LoopDriveClientOptions { BaseAddress = system.ApiAddress, ApiKey = system.DemoApiKey });
        var tag = Guid.NewGuid().ToString("N")[..8];
        var target = await api.Person.ResolveAsync(new PartialIdentity(Email: $"ada.{tag}@example.com", FirstName: "Ada", LastName: $"Lovelace{tag}"));
        var source = await api.Person.ResolveAsync(new PartialIdentity(Email: $"augusta.{tag}@example.com", FirstName: "Augusta", LastName: $"King{tag}"));
        await api.Person.AddNoteAsync(target.Person.Id, new NoteCreate("Met at the analytical engine demo"));
        await api.Person.UpsertTopicAsync(target.Person.Id, new TopicUpsert("mathematics", 0.9));
        await api.Person.UpsertTopicAsync(target.Person.Id, new TopicUpsert("poetry", 0.3));

        var page = await OpenAsync();
        await page.GotoAsync(new Uri(system.WebAddress, $"/people/{target.Person.Id}").ToString());
        await Expect(page.Locator(".person-title")).ToHaveTextAsync($"Ada Lovelace{tag}", new() { Timeout = Deadline });
        await SaveScreenshotAsync(page, "person.png");

        // The circuit is interactive once a tab click switches the panel.
        var mergeTab = page.GetByRole(AriaRole.Tab, new() { Name = "Merge" });
        await ClickUntilAsync(mergeTab, page.Locator("button.start-merge"));
        await page.Locator("button.start-merge").ClickAsync();
        await page.Locator(".merge-search input").ClickAsync(new() { Timeout = Deadline });
        await page.Locator(".merge-search input").PressSequentiallyAsync($"King{tag}");
        var option = page.Locator(".merge-option", new() { HasText = "Augusta" });
        await option.ClickAsync(new() { Timeout = Deadline });
        await Expect(page.Locator(".merge-source .summary-identity")).ToHaveTextAsync($"augusta.{tag}@example.com", new() { Timeout = Deadline });
        await SaveScreenshotAsync(page, "person-merge-preview.png");
        await page.Locator("button.confirm-merge").ClickAsync();

        var mergeId = page.Locator(".merge-id");
        await Expect(mergeId).ToContainTextAsync("mrg_", new() { Timeout = Deadline });
        await Expect(page.Locator(".primary-identity", new() { HasText = $"augusta.{tag}@example.com" })).ToHaveCountAsync(0);
        await SaveScreenshotAsync(page, "person-merged.png");
        var merged = await api.Person.ListIdentitiesAsync(target.Person.Id);
        Assert.Contains(merged, i => i.Value == $"augusta.{tag}@example.com");

        await page.Locator("button.undo-merge").ClickAsync();
        await Expect(mergeId).ToHaveCountAsync(0, new() { Timeout = Deadline });
        var restored = await api.Person.ListIdentitiesAsync(source.Person.Id);
        Assert.Equal($"augusta.{tag}@example.com", Assert.Single(restored).Value);
        Assert.DoesNotContain(await api.Person.ListIdentitiesAsync(target.Person.Id), i => i.Value == $"augusta.{tag}@example.com");

        await ClickUntilAsync(page.GetByRole(AriaRole.Tab, new() { Name = "Topics" }), page.Locator(".topic-chip").First);
        await SaveScreenshotAsync(page, "person-topics.png");
        await ClickUntilAsync(page.GetByRole(AriaRole.Tab, new() { Name = "Consent" }), page.Locator(".consent-matrix"));
        await SaveScreenshotAsync(page, "person-consent.png");
    }

    [Fact]
    public async Task The_people_list_finds_a_person_by_search()
    {
        var api = new LoopDriveClient(new HttpClient(), new LoopDriveClientOptions { BaseAddress = system.ApiAddress, ApiKey = system.DemoApiKey });
        var tag = Guid.NewGuid().ToString("N")[..8];
        await api.Person.ResolveAsync(new PartialIdentity(Email: $"grace.{tag}@example.com", FirstName: "Grace", LastName: $"Hopper{tag}"));

        var page = await OpenAsync();
        await page.GotoAsync(new Uri(system.WebAddress, "/people").ToString());
        await Expect(page.Locator(".person-name").First).ToBeVisibleAsync(new() { Timeout = Deadline });
        await SaveScreenshotAsync(page, "people.png");

        await page.Locator(".people-search input").PressSequentiallyAsync($"Hopper{tag}");
        await Expect(page.Locator(".person-name")).ToHaveTextAsync([$"Grace Hopper{tag}"], new() { Timeout = Deadline });
        await page.Locator("tr", new() { HasText = $"Hopper{tag}" }).ClickAsync();
        await Expect(page.Locator(".person-title")).ToHaveTextAsync($"Grace Hopper{tag}", new() { Timeout = Deadline });
    }

    /// <summary>Clicks until <paramref name="shows"/> appears: clicks before the interactive circuit starts are lost.</summary>
    private static async Task ClickUntilAsync(ILocator target, ILocator shows)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await target.ClickAsync(new() { Timeout = Deadline });
            try
            {
                await Expect(shows).ToBeVisibleAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // Not interactive yet: the next click is handled once the circuit is up.
            }
        }
    }

    private async Task<IPage> OpenAsync()
    {
        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 960 } });
        return await context.NewPageAsync();
    }

    private static Task SaveScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), name), FullPage = true });
}
