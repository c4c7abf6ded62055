using System.Text.Json;
using LoopDrive.Client;
using LoopDrive.Contracts.Events;
using LoopDrive.Web.Tests.EndToEnd;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.Events;

[Collection(BrowserTestsCollection.Name)]
public sealed class EventsBrowserTests(RunningSystemFixture system) : IClassFixture<RunningSystemFixture>
{
    private static readonly float Deadline = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task An_event_ingested_through_the_api_appears_in_the_live_tail()
    {
        var api = new LoopDriveClient(new HttpClient(), new LoopDriveClientOptions { BaseAddress = system.ApiAddress, ApiKey = system.DemoApiKey });
        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(system.WebAddress, "/events").ToString());

        await InteractivePage.ClickUntilVisibleAsync(page.GetByRole(AriaRole.Tab, new() { Name = "Live tail" }), page.Locator(".tail-state[data-connected=true]"));

        // The stream carries events committed after it opened; the tab shows "Live" as the request
        // starts, so an event is ingested again until one lands after the subscription.
        var ingested = new List<string>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var e = await api.Events.IngestAsync(new EventIngest("note.tail", "api", Channel: "email",
                Payload: JsonSerializer.SerializeToElement(new { attempt = ingested.Count })));
            ingested.Add(e.Id);
            try
            {
                await Expect(page.Locator(".tail-row").First).ToBeVisibleAsync(new() { Timeout = 2_000 });
                break;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < until)
            {
                // Not delivered yet: the subscription may have opened after this event was committed.
            }
        }

        var shown = await page.Locator(".tail-id").AllTextContentsAsync();
        Assert.NotEmpty(shown);
        Assert.All(shown, id => Assert.Contains(id.Trim(), ingested));
        Assert.All(await page.Locator(".tail-type").AllTextContentsAsync(), type => Assert.Equal("note.tail", type.Trim()));

        // A later event lands on top of the list in place.
        var last = await api.Events.IngestAsync(new EventIngest("note.tail", "api", Channel: "email", Payload: JsonSerializer.SerializeToElement(new { attempt = "last" })));
        await Expect(page.Locator(".tail-id").First).ToHaveTextAsync(last.Id, new() { Timeout = Deadline });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), "events-live-tail.png"), FullPage = true });
    }
}
