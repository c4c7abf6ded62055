using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;

namespace LoopDrive.AppHost.Infra;

/// <summary>
/// The native PostgreSQL data folder: created with <c>initdb</c> on first start, and the
/// persisted password re-applied before every start so a kept cluster never holds a stale one.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class PostgresCluster(PostgresInstallation installation, string dataDirectory)
{
    private static readonly TimeSpan PreviousServerGrace = TimeSpan.FromSeconds(30);

    public string DataDirectory => dataDirectory;

    /// <summary>
    /// As root the server runs as <c>postgres</c>, which must be able to reach its data folder.
    /// A state folder under a 0700 parent (e.g. a checkout in /root) is out of its reach, so the
    /// cluster then lives under /var/lib/loopdrive, keyed by the state folder's path.
    /// </summary>
    public static string ChooseDataDirectory(string stateDirectory, bool runAsPostgresUser)
    {
        if (runAsPostgresUser && Directory.Exists(stateDirectory))
        {
            // The state folder itself is ours (often a fresh 0700 temp folder in tests): letting
            // others pass through it, without listing it, is enough; its secrets are 0600 files.
            var info = new DirectoryInfo(stateDirectory);
            info.UnixFileMode |= UnixFileMode.OtherExecute;
        }

        if (!runAsPostgresUser || IsTraversableByOthers(stateDirectory))
        {
            return Path.Combine(stateDirectory, "postgres");
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateDirectory)))[..16];
        return Path.Combine("/var/lib/loopdrive", key, "postgres");
    }

    public async Task PrepareAsync(string password, ILogger logger, CancellationToken cancellationToken)
    {
        // The password travels inside an SQL literal; generated hex keeps quoting out of the picture.
        if (!password.All(char.IsAsciiLetterOrDigit))
        {
            throw new InvalidOperationException("The PostgreSQL password must be alphanumeric.");
        }

        var parent = Path.GetDirectoryName(dataDirectory)!;
        Directory.CreateDirectory(parent);
        logger.LogInformation("PostgreSQL data folder: {DataDirectory}", dataDirectory);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(password, logger, cancellationToken);
        }

        await WaitForPreviousServerAsync(logger, cancellationToken);
        await ApplyPasswordAsync(password, cancellationToken);
    }

    private async Task InitializeAsync(string password, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogInformation("Creating a PostgreSQL cluster in {DataDirectory}", dataDirectory);

        // initdb wants an empty folder; a leftover without PG_VERSION is a half-finished earlier attempt.
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await GiveToServiceUserAsync(dataDirectory, cancellationToken);

        var passwordFile = Path.Combine(Path.GetDirectoryName(dataDirectory)!, $".initdb-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken);
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await GiveToServiceUserAsync(passwordFile, cancellationToken);

            var (fileName, arguments) = installation.Command(
                installation.InitDb,
                "-D", dataDirectory,
                "-U", PostgresInstallation.ServiceUser,
                "--auth=scram-sha-256",
                $"--pwfile={passwordFile}",
                "--encoding=UTF8",
                "--no-locale",
                "--no-instructions");
            var result = await CommandRunner.RunAsync(fileName, arguments, Path.GetDirectoryName(dataDirectory)!, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"initdb failed with exit code {result.ExitCode}:\n{result.Output}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// A server from the previous run can outlive its AppHost for a few seconds; starting a
    /// second one on the same folder would fail on the lock file, so give the old one time to go.
    /// </summary>
    private async Task WaitForPreviousServerAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + PreviousServerGrace;
        var logged = false;
        while (PreviousServerPid() is { } pid)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL (pid {pid}) still runs on {dataDirectory}; stop it before starting LoopDrive.");
            }

            if (!logged)
            {
                logger.LogInformation("Waiting for the previous PostgreSQL server (pid {Pid}) to exit", pid);
                logged = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private int? PreviousServerPid()
    {
        var lockFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(lockFile))
        {
            return null;
        }

        var firstLine = File.ReadLines(lockFile).FirstOrDefault();
        return int.TryParse(firstLine, out var pid) && Directory.Exists($"/proc/{pid}") ? pid : null;
    }

    private async Task ApplyPasswordAsync(string password, CancellationToken cancellationToken)
    {
        var (fileName, arguments) = installation.Command(
            installation.Postgres, "--single", "-D", dataDirectory, "-c", "unix_socket_directories=", "postgres");
        var result = await CommandRunner.RunAsync(
            fileName,
            arguments,
            Path.GetDirectoryName(dataDirectory)!,
            cancellationToken,
            standardInput: $"ALTER USER {PostgresInstallation.ServiceUser} WITH PASSWORD '{password}';\n");

        // Single-user mode exits 0 even when the statement failed, so read what it said.
        if (!result.Succeeded || result.Output.Contains("ERROR:", StringComparison.Ordinal)
            || result.Output.Contains("FATAL:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Setting the PostgreSQL password failed:\n{result.Output}");
        }
    }

    private async Task GiveToServiceUserAsync(string path, CancellationToken cancellationToken)
    {
        if (!installation.RunAsPostgresUser)
        {
            return;
        }

        var owner = $"{PostgresInstallation.ServiceUser}:{PostgresInstallation.ServiceUser}";
        var result = await CommandRunner.RunAsync("chown", [owner, path], "/", cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"chown {owner} {path} failed:\n{result.Output}");
        }
    }

    private static bool IsTraversableByOthers(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
