using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace LoopDrive.Web.Tests.EndToEnd;

/// <summary>
/// The whole system from the AppHost (native PostgreSQL and Redis, temp state folder, no Aspire
/// dashboard) plus one headless Chromium, shared by the browser tests of a class.
/// </summary>
public sealed class RunningSystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("loopdrive-web-e2e-").FullName;
    private DistributedApplication? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public Uri WebAddress { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ASPIRE_VERSION_CHECK_DISABLED", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.LoopDrive_AppHost>(
            ["Infra:Mode=native", $"LoopDrive:StateDirectory={_stateDirectory}"],
            (options, _) => options.DisableDashboard = true);

        _app = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(StartDeadline);
        await _app.StartAsync(deadline.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("web", deadline.Token);
        WebAddress = _app.GetEndpoint("web", "http");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // The machine's Chromium: Playwright would otherwise try to download its own build.
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException ex)
        {
            // A database process that is still shutting down can hold a file; the temp folder is left for the OS to clean.
            Console.Error.WriteLine($"Could not delete {_stateDirectory}: {ex.Message}");
        }
    }
}
