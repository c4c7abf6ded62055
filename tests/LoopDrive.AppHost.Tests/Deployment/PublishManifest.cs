using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LoopDrive.AppHost.Tests.Deployment;

/// <summary>
/// Runs the AppHost in publish mode (<c>--publisher manifest</c>) the way azd does, offline, and
/// hands back the manifest it wrote.
/// </summary>
internal static class PublishManifest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    // Publishing starts a .NET process; every test reads the same default manifest.
    private static readonly Lazy<Task<JsonObject>> Default = new(() => GenerateAsync([]));

    /// <summary>The manifest with default settings; callers must not modify it.</summary>
    public static Task<JsonObject> DefaultAsync() => Default.Value;

    public static async Task<JsonObject> GenerateAsync(params string[] extraArguments)
    {
        var output = Directory.CreateTempSubdirectory("loopdrive-manifest-");
        try
        {
            var manifestPath = Path.Combine(output.FullName, "aspire-manifest.json");
            var project = Projects.LoopDrive_AppHost.ProjectPath;
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}",
                StringComparison.Ordinal) ? "Release" : "Debug";

            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["run", "--no-build", "-c", configuration, "--project", project,
                         "--no-launch-profile", "--", "--publisher", "manifest", "--output-path", manifestPath, .. extraArguments])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ASPIRE_VERSION_CHECK_DISABLED"] = "true";
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";

            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(Deadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Publishing the manifest took over {Deadline}.\n{await stdout}\n{await stderr}");
            }

            if (process.ExitCode != 0 || !File.Exists(manifestPath))
            {
                throw new InvalidOperationException(
                    $"The AppHost exited with {process.ExitCode} and no manifest.\n{await stdout}\n{await stderr}");
            }

            return JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!.AsObject();
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
