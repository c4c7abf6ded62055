using System.Text.Json;
using LoopDrive.Client;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Sends;
using LoopDrive.Contracts.Voice;
using LoopDrive.Web.Tests.EndToEnd;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.Learning;

[Collection(BrowserTestsCollection.Name)]
public sealed class LearningBrowserTests(RunningSystemFixture system) : IClassFixture<RunningSystemFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private static readonly float Deadline = (float)Within.TotalMilliseconds;
    private static readonly HashSet<string> Underway = ["sent", "delivered", "opened", "clicked", "replied"];

    [Fact]
    public async Task The_dashboard_shows_a_learned_snippet_win_rate_trend_and_the_send_time_heatmap()
    {
        var api = new LoopDriveClient(new HttpClient(), new LoopDriveClientOptions { BaseAddress = system.ApiAddress, ApiKey = system.DemoApiKey });
        var tag = Guid.NewGuid().ToString("N")[..8];
        var brand = await api.Voice.CreateBrandAsync(new BrandUpsert($"Learning {tag}", "friendly"));
        await api.Voice.CreateSnippetAsync(new SnippetCreate(brand.Id, "email", "nurture", "Here is the one change that saves our readers an hour a week.", "opening"));
        var person = (await api.Person.ResolveAsync(new PartialIdentity(Email: $"learner.{tag}@example.com", FirstName: "Lea"))).Person.Id;
        // Quiet hours would hold the send until the recipient's morning, so they live where it is mid-afternoon now.
        var offset = DateTime.UtcNow.Hour - 14;
        await api.Person.UpdateAsync(person, new PersonUpdate(Timezone: $"Etc/GMT{(offset >= 0 ? "+" : "-")}{Math.Abs(offset)}"));
        await api.Person.UpdateConsentAsync(person, new ConsentUpdate("email", "marketing", "granted", "form"));

        // No body: the send is composed from the brand's snippets, which is what the loop then credits.
        var send = await api.Send.EmailAsync(new EmailSendRequest(PersonId: person, BrandId: brand.Id, Objective: "nurture"));
        await WaitUntilAsync(async () => Underway.Contains((await api.Send.StatusAsync(send.Id)).Status), $"send {send.Id} to go out");
        var payload = JsonSerializer.SerializeToElement(new { sendId = send.Id });
        var now = DateTimeOffset.UtcNow;
        await api.Events.IngestBatchAsync(
        [
            new EventIngest("email.delivered", "api", person, "email", payload, Ts: now.AddMinutes(-10)),
            new EventIngest("email.clicked", "api", person, "email", payload, Ts: now.AddMinutes(-5)),
        ]);
        await WaitUntilAsync(async () => (await api.Learning.SnippetsAsync(brand.Id)).Any(s => s.Conversions > 0 && s.Days.Count > 0), "the click to be learned");

        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1100 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(system.WebAddress, "/learning").ToString());

        await Expect(page.Locator(".loop-health")).ToHaveAttributeAsync("data-state", "learning", new() { Timeout = Deadline });
        await Expect(page.Locator(".snippet-row svg.win-rate-trend").First).ToBeVisibleAsync(new() { Timeout = Deadline });
        await Expect(page.Locator(".snippet-row .interval-text").First).ToContainTextAsync("%", new() { Timeout = Deadline });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), "learning-dashboard.png"), FullPage = true });

        await InteractivePage.ClickUntilVisibleAsync(page.GetByRole(AriaRole.Tab, new() { Name = "Send times" }), page.Locator(".send-time-grid"), Within);
        await Expect(page.Locator(".send-time-grid .heat-cell")).ToHaveCountAsync(168, new() { Timeout = Deadline });
        await Expect(page.Locator(".send-time-grid .heat-cell-marked")).ToHaveCountAsync(2, new() { Timeout = Deadline });
        await Expect(page.Locator(".cadence-best-window")).ToContainTextAsync(":00–", new() { Timeout = Deadline });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), "learning-send-times.png"), FullPage = true });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {Within.TotalSeconds:0} s for {what}.");
            await Task.Delay(250);
        }
    }
}
