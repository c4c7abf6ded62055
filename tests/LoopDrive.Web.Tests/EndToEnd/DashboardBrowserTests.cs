using System.Text.RegularExpressions;
using LoopDrive.Contracts.Spine;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.EndToEnd;

[Collection(BrowserTestsCollection.Name)]
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
    public async Task On_a_phone_the_operations_page_stacks_the_streams_and_keeps_them_readable()
    {
        var page = await OpenAsync(new ViewportSize { Width = 390, Height = 844 });

        await page.GotoAsync(new Uri(system.WebAddress, "/operations").ToString());
        await Expect(page.Locator(".stream-name")).ToHaveCountAsync(StreamNames.All.Count, new() { Timeout = Deadline });

        await SaveScreenshotAsync(page, "operations-phone.png");
        Assert.True(await page.Locator(".stream-name").First.IsVisibleAsync());
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page scrolls sideways on a phone ({width}px wide).");
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
    public async Task A_key_created_in_the_dashboard_is_shown_once_and_can_be_revoked()
    {
        var page = await OpenAsync();
        var name = $"e2e {Guid.NewGuid():N}"[..12];

        await page.GotoAsync(new Uri(system.WebAddress, "/settings").ToString());
        await page.Locator("button.new-key").ClickAsync(new() { Timeout = Deadline });
        await page.Locator(".key-name input").FillAsync(name);
        await page.Locator("button.create-key").ClickAsync();

        var secret = page.Locator(".new-key-value");
        await Expect(secret).ToHaveTextAsync(new Regex("^ld_[0-9a-f]{48}$"), new() { Timeout = Deadline });
        await SaveScreenshotAsync(page, "settings-key-created.png");
        await page.Locator("button.key-done").ClickAsync();
        await Expect(secret).ToHaveCountAsync(0);

        var row = page.Locator("tr.api-key-row", new() { HasText = name });
        await row.Locator("button").ClickAsync();
        await page.Locator("button.confirm-revoke").ClickAsync(new() { Timeout = Deadline });
        await Expect(page.Locator("tr.api-key-revoked", new() { HasText = name })).ToBeVisibleAsync(new() { Timeout = Deadline });
    }

    [Fact]
    public async Task The_overview_links_every_area()
    {
        var page = await OpenAsync();

        await page.GotoAsync(system.WebAddress.ToString());
        await Expect(page.Locator(".area-card")).ToHaveCountAsync(8, new() { Timeout = Deadline });

        await SaveScreenshotAsync(page, "overview.png");
    }

    private async Task<IPage> OpenAsync(ViewportSize? viewport = null)
    {
        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1440, Height = 960 },
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
