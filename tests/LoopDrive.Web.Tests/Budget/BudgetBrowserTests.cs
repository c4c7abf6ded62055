using LoopDrive.Client;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Tests.EndToEnd;
using LoopDrive.Web.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.Budget;

[Collection(BrowserTestsCollection.Name)]
public sealed class BudgetBrowserTests(RunningSystemFixture system) : IClassFixture<RunningSystemFixture>
{
    private static readonly float Deadline = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task Adjusting_an_allocation_and_approving_it_stores_the_adjusted_split()
    {
        var api = new LoopDriveClient(new HttpClient(), new LoopDriveClientOptions { BaseAddress = system.ApiAddress, ApiKey = system.DemoApiKey });
        var tag = Guid.NewGuid().ToString("N")[..8];
        // A consented, reachable audience on email and SMS, so the planner has channels to split between.
        for (var i = 0; i < 30; i++)
        {
            var person = (await api.Person.ResolveAsync(new PartialIdentity(Email: $"plan{i}.{tag}@example.com", Phone: $"+1415555{1000 + i}", FirstName: "Plan"))).Person.Id;
            await api.Person.UpdateConsentAsync(person, new ConsentUpdate("email", "marketing", "granted", "form"));
            await api.Person.UpdateConsentAsync(person, new ConsentUpdate("sms", "marketing", "granted", "form"));
        }

        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1200 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(system.WebAddress, "/budget").ToString());

        // Clicks before the interactive circuit starts are lost, so click until the plan form appears.
        await InteractivePage.ClickUntilVisibleAsync(page.GetByRole(AriaRole.Tab, new() { Name = "Plans" }), page.Locator(".plan-builder"));
        await page.Locator(".plan-total input").FillAsync("0.60");
        await page.Locator(".plan-total input").BlurAsync();
        await page.Locator("button.plan-submit").ClickAsync();
        await Expect(page.Locator(".allocation-editor")).ToBeVisibleAsync(new() { Timeout = Deadline });

        var planId = await page.Locator(".allocation-editor").GetAttributeAsync("data-allocation");
        var planned = await api.Budget.GetAllocationAsync(planId!);
        var email = planned.Allocations.Single(a => a.Channel == "email").Budget;
        // Ten cents towards whichever side has room (the slider steps one cent at a time for this total).
        var (key, expected) = email >= 10 ? ("ArrowLeft", email - 10) : ("ArrowRight", email + 10);
        var slider = page.Locator(".split-slider-email input");
        await slider.FocusAsync();
        for (var i = 0; i < 10; i++)
            await slider.PressAsync(key);

        await Expect(page.Locator(".split-changed")).ToBeVisibleAsync(new() { Timeout = Deadline });
        await Expect(page.Locator("button.allocation-approve")).ToBeEnabledAsync(new() { Timeout = Deadline });
        await Expect(page.Locator(".split-feedback")).ToHaveCountAsync(0);
        await page.Locator("button.allocation-approve").ClickAsync();
        await Expect(page.Locator(".allocation-decision")).ToContainTextAsync("Approved", new() { Timeout = Deadline });
        await Expect(page.Locator(".allocation-status[data-status=approved]")).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot.ScreenshotsDirectory(), "budget-allocation.png"), FullPage = true });

        var approved = Assert.Single((await api.Budget.ListAllocationsAsync(status: "approved")).Allocations);
        Assert.Equal(expected, approved.Allocations.Single(a => a.Channel == "email").Budget);
        Assert.Equal(planned.TotalBudget, approved.Allocations.Sum(a => a.Budget));
        Assert.Equal("rejected", (await api.Budget.GetAllocationAsync(planId!)).Status);
    }
}
