using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    public Uri ApiAddress { get; private set; } = default!;

    /// <summary>The demo workspace's key, which the AppHost keeps in the state folder; tests seed data with it.</summary>
    public string DemoApiKey => File.ReadAllText(Path.Combine(_stateDirectory, "demo-api-key")).Trim();

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ASPIRE_VERSION_CHECK_DISABLED", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.LoopDrive_AppHost>(
            ["Infra:Mode=native", $"LoopDrive:StateDirectory={_stateDirectory}"],
            (options, _) => options.DisableDashboard = true);

        _app = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(StartDeadline);
        await _app.StartAsync(deadline.Token);
        try
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync("web", deadline.Token);
        }
        catch (Exception ex) when (ex is DistributedApplicationException or OperationCanceledException)
        {
            throw new InvalidOperationException($"The system did not come up: {DescribeResources(_app)}", ex);
        }

        WebAddress = _app.GetEndpoint("web", "http");
        ApiAddress = _app.GetEndpoint("api", "http");

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

    /// <summary>Each resource's state and exit code, so a failed start says which part failed.</summary>
    private static string DescribeResources(DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        return string.Join("; ", model.Resources.Select(resource =>
            app.ResourceNotifications.TryGetCurrentState(resource.Name, out var current)
                ? $"{resource.Name}={current.Snapshot.State?.Text ?? "?"}{(current.Snapshot.ExitCode is { } code ? $" (exit {code})" : string.Empty)}"
                : $"{resource.Name}=unknown"));
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
