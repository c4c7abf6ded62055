using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.AppHost.Tests;

/// <summary>
/// One LoopDrive AppHost for every test in the collection: native PostgreSQL and Redis, no
/// dashboard, state in a temp folder of its own. Starting it is the expensive part of the suite.
/// </summary>
public class LoopDriveAppFixture : IAsyncLifetime
{
    /// <summary>First start runs initdb and cold-starts four .NET processes on a small machine.</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan CleanupDeadline = TimeSpan.FromSeconds(15);

    private DistributedApplication? app;

    public string StateDirectory { get; private set; } = string.Empty;

    /// <summary>AppHost settings on top of the defaults (e.g. <c>--Workers:Replicas=2</c>).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public DistributedApplication App => app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The key the AppHost generated for the demo workspace and the migrations seeded.</summary>
    public string DemoApiKey => File.ReadAllText(Path.Combine(StateDirectory, "demo-api-key")).Trim();

    public async Task InitializeAsync()
    {
        StateDirectory = Directory.CreateTempSubdirectory("loopdrive-apphost-tests-").FullName;

        // As root, PostgreSQL runs as the postgres user and must reach its data folder inside this one.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(StateDirectory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        using var deadline = new CancellationTokenSource(StartDeadline);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.LoopDrive_AppHost>(
            [
                "--Infra:Mode=native",
                $"--LoopDrive:StateDirectory={StateDirectory}",
                "--ASPIRE_VERSION_CHECK_DISABLED=true",
                .. ExtraArguments,
            ],
            (options, _) => options.DisableDashboard = true,
            deadline.Token);

        app = await builder.BuildAsync(deadline.Token);
        await app.StartAsync(deadline.Token);
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await DeleteStateDirectoryAsync();
    }

    public HttpClient CreateApiClient(string? apiKey = null)
    {
        var client = App.CreateHttpClient("api", "http");
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Waits until a resource reports healthy, or fails with the state it was stuck in.</summary>
    public async Task WaitForHealthyAsync(string resource)
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        try
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"'{resource}' was not healthy within {StartDeadline}: {DescribeState(resource)}\n{await LogTailAsync(resource)}");
        }
        catch (DistributedApplicationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n{await LogTailAsync(resource)}", ex);
        }
    }

    /// <summary>The last lines a resource printed, so a failure explains itself in the test output.</summary>
    public async Task<string> LogTailAsync(string resource, int lines = 60)
    {
        var target = App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .SingleOrDefault(r => r.Name == resource);
        if (target is null)
        {
            return $"(no resource named '{resource}')";
        }

        var all = new List<string>();
        await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(target))
        {
            all.AddRange(batch.Select(line => line.Content));
        }

        return $"--- last {lines} log lines of {resource} ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    /// <summary>Waits until a one-shot resource has stopped and hands back its final snapshot.</summary>
    public async Task<CustomResourceSnapshot> WaitForExitAsync(string resource)
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        try
        {
            var ended = await App.ResourceNotifications.WaitForResourceAsync(
                resource,
                e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state),
                deadline.Token);
            return ended.Snapshot;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"'{resource}' did not finish within {StartDeadline}: {DescribeState(resource)}");
        }
    }

    private string DescribeState(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var current)
            ? $"state {current.Snapshot.State?.Text ?? "unknown"}, health {current.Snapshot.HealthStatus?.ToString() ?? "unknown"}"
            : "no state reported";

    private async Task DeleteStateDirectoryAsync()
    {
        if (!Directory.Exists(StateDirectory))
        {
            return;
        }

        // PostgreSQL may still be writing its shutdown checkpoint for a moment after the stop.
        var giveUpAt = DateTime.UtcNow + CleanupDeadline;
        while (true)
        {
            try
            {
                Directory.Delete(StateDirectory, recursive: true);
                return;
            }
            catch (IOException) when (DateTime.UtcNow < giveUpAt)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LoopDriveAppCollection : ICollectionFixture<LoopDriveAppFixture>
{
    public const string Name = "LoopDrive AppHost";
}
