using LoopDrive.Contracts.Spine;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.EndToEnd;

public sealed class DashboardBrowserTests(RunningSystemFixture system) : IClassFixture<RunningSystemFixture>
{
    private static readonly float Deadline = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task The_operations_page_shows_every_stream_of_the_running_system()
    {
        var page = await OpenAsync();

        await page.GotoAsync(system.WebAddress.ToString());
        // The nav renders once the interactive circuit is up; following it proves client-side routing works.
        await page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).ClickAsync(new() { Timeout = Deadline });
        await Expect(page.Locator(".stream-name")).ToHaveCountAsync(StreamNames.All.Count, new() { Timeout = Deadline });

        await SaveScreenshotAsync(page, "operations.png");
        var shown = await page.Locator(".stream-name").AllTextContentsAsync();
        Assert.Equal(StreamNames.All.Order(), shown.Select(s => s.Trim()).Order());
    }

    [Fact]
    public async Task A_test_ping_travels_the_spine_and_reports_its_hand_off_time()
    {
        var page = await OpenAsync();

        await page.GotoAsync(new Uri(system.WebAddress, "/operations").ToString());
        await page.Locator("button.send-ping").ClickAsync(new() { Timeout = Deadline });

        await Expect(page.Locator(".ping-result")).ToContainTextAsync("hand-off took", new() { Timeout = Deadline });
        await SaveScreenshotAsync(page, "operations-ping.png");
    }

    [Fact]
    public async Task The_settings_page_shows_the_workspace_of_the_dashboard_key_and_its_keys()
    {
        var page = await OpenAsync();

        await page.GotoAsync(new Uri(system.WebAddress, "/settings").ToString());
        await Expect(page.Locator(".workspace-id")).ToContainTextAsync("ws_", new() { Timeout = Deadline });
        await Expect(page.Locator("tr.api-key-row").First).ToBeVisibleAsync(new() { Timeout = Deadline });

        await SaveScreenshotAsync(page, "settings.png");
    }

    [Fact]
    public async Task The_overview_links_every_area()
    {
        var page = await OpenAsync();

        await page.GotoAsync(system.WebAddress.ToString());
        await Expect(page.Locator(".area-card")).ToHaveCountAsync(8, new() { Timeout = Deadline });

        await SaveScreenshotAsync(page, "overview.png");
    }

    private async Task<IPage> OpenAsync()
    {
        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 960 },
        });
        return await context.NewPageAsync();
    }

    private static Task SaveScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), name),
            FullPage = true,
        });
}
