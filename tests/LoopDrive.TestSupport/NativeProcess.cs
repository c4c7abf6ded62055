using System.Diagnostics;

namespace LoopDrive.TestSupport;

/// <summary>
/// Runs a server binary for the test run. As root, PostgreSQL refuses to start, so the command
/// runs as the <c>postgres</c> user through <c>setpriv</c>.
/// </summary>
internal static class NativeProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    public static ProcessStartInfo Command(string file, IEnumerable<string> args, bool dropToPostgresUser)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dropToPostgresUser && IsRoot)
        {
            info.FileName = "setpriv";
            foreach (var a in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", file })
                info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = file;
        }
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return info;
    }

    public static async Task<string> RunToEndAsync(ProcessStartInfo info, CancellationToken cancellationToken = default)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    public static Process StartServer(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        // Drain the pipes so a chatty server never blocks on a full buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string FindBinary(string name)
    {
        var pgRoot = "/usr/lib/postgresql";
        if (Directory.Exists(pgRoot))
        {
            var candidate = Directory.GetDirectories(pgRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", name))
                .FirstOrDefault(File.Exists);
            if (candidate is not null) return candidate;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"'{name}' was not found; run ./loopdrive test, which installs it.");
    }
}
