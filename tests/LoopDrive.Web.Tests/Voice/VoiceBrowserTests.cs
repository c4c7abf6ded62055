using LoopDrive.Client;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Voice;
using LoopDrive.Web.Tests.EndToEnd;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.Voice;

[Collection(BrowserTestsCollection.Name)]
public sealed class VoiceBrowserTests(RunningSystemFixture system) : IClassFixture<RunningSystemFixture>
{
    private static readonly float Deadline = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task The_playground_composes_for_a_person_and_shows_guardrail_results()
    {
        var api = new LoopDriveClient(new HttpClient(), new LoopDriveClientOptions { BaseAddress = system.ApiAddress, ApiKey = system.DemoApiKey });
        var tag = Guid.NewGuid().ToString("N")[..8];
        if ((await api.Voice.ListBrandsAsync()).Total == 0)
            await api.Voice.CreateBrandAsync(new BrandUpsert("Demo brand", "friendly", AllowedLinkDomains: ["loopdrive.example"]));
        var person = await api.Person.ResolveAsync(new PartialIdentity(Email: $"maya.{tag}@example.com", FirstName: "Maya", LastName: $"Okafor{tag}"));
        await api.Person.AddMemoryAsync(person.Person.Id, new MemoryCreate("intent", "Wants invoice reminders to run before the busy season", 0.9));

        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1200 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(system.WebAddress, "/voice").ToString());
        await Expect(page.Locator(".playground-person")).ToContainTextAsync($"Okafor{tag}", new() { Timeout = Deadline });

        // Clicks before the interactive circuit starts are lost, so click until the result appears.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await page.Locator("button.compose-button").ClickAsync(new() { Timeout = Deadline });
            try
            {
                await Expect(page.Locator(".compose-result")).ToBeVisibleAsync(new() { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // Not interactive yet.
            }
        }

        await Expect(page.Locator(".message-body").First).ToContainTextAsync("Maya", new() { Timeout = Deadline });
        await Expect(page.Locator(".memory-used")).ToContainTextAsync("invoice reminders", new() { Timeout = Deadline });
        await Expect(page.Locator(".guardrail-status")).ToHaveCountAsync(12, new() { Timeout = Deadline });
        await Expect(page.Locator(".message-safe").First).ToHaveTextAsync("safe");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), "voice-playground.png"), FullPage = true });
    }
}
