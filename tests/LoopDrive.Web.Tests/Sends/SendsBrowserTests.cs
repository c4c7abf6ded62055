using System.Globalization;
using LoopDrive.Client;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Sends;
using LoopDrive.Web.Tests.EndToEnd;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.Sends;

[Collection(BrowserTestsCollection.Name)]
public sealed class SendsBrowserTests(RunningSystemFixture system) : IClassFixture<RunningSystemFixture>
{
    private static readonly float Deadline = (float)TimeSpan.FromSeconds(90).TotalMilliseconds;

    [Fact]
    public async Task A_bulk_jobs_progress_bar_advances_to_completion()
    {
        var api = new LoopDriveClient(new HttpClient(), new LoopDriveClientOptions { BaseAddress = system.ApiAddress, ApiKey = system.DemoApiKey });
        var tag = Guid.NewGuid().ToString("N")[..8];
        var zone = AfternoonZone(DateTimeOffset.UtcNow);
        var people = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var person = (await api.Person.ResolveAsync(new PartialIdentity(Email: $"bulk{i}.{tag}@example.com", FirstName: "Bulk"))).Person.Id;
            // Quiet hours would defer the sends to the recipients' morning: they live where it is afternoon now.
            await api.Person.UpdateAsync(person, new PersonUpdate(Timezone: zone));
            await api.Person.UpdateConsentAsync(person, new ConsentUpdate("email", "marketing", "granted", "form"));
            people.Add(person);
        }

        var job = await api.Send.BulkAsync(new BulkSendRequest(people, Channel: "email", Subject: "Spring update", Body: "Our spring update is out."));

        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(system.WebAddress, $"/sends/bulk/{job.JobId}").ToString());

        await Expect(page.Locator(".bulk-job")).ToBeVisibleAsync(new() { Timeout = Deadline });
        await Expect(page.Locator(".bulk-job")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = Deadline });
        await Expect(page.Locator(".bulk-progress")).ToHaveAttributeAsync("data-progress", "100", new() { Timeout = Deadline });
        var outcomes = 0;
        foreach (var counter in new[] { ".bulk-sent", ".bulk-skipped", ".bulk-failed" })
            outcomes += int.Parse(await page.Locator(counter).InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal(people.Count, outcomes);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), "sends-bulk-job.png"), FullPage = true });

        // The log lists the job's sends with their status.
        await page.GotoAsync(new Uri(system.WebAddress, "/sends").ToString());
        await Expect(page.Locator(".send-person", new() { HasText = people[0] }).First).ToBeVisibleAsync(new() { Timeout = Deadline });
    }

    /// <summary>A fixed-offset zone where the local time is about 14:00, well inside the default 08:00–21:00 window.</summary>
    private static string AfternoonZone(DateTimeOffset now)
    {
        var offset = 14 - now.UtcDateTime.Hour;
        // Etc/GMT zones carry the inverted sign: Etc/GMT-3 is three hours ahead of UTC.
        return offset switch
        {
            0 => "Etc/UTC",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        };
    }
}
