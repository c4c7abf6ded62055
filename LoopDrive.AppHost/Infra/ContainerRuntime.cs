using System.ComponentModel;
using System.Diagnostics;

namespace LoopDrive.AppHost.Infra;

/// <summary>
/// Asks the container runtime whether its daemon answers. Without one, Aspire's container
/// resources never become healthy and everything waiting on them hangs, so auto mode must know
/// before it declares any.
/// </summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static bool IsAvailable(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"];
        if (string.IsNullOrWhiteSpace(runtime))
        {
            runtime = "docker";
        }

        var start = new ProcessStartInfo(runtime, ["info"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            // Drain both pipes so a chatty runtime cannot block on a full buffer.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            // The runtime's CLI is not installed: that is a plain "no".
            return false;
        }
    }
}
