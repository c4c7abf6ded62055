namespace LoopDrive.AppHost.Infra;

/// <summary>
/// The machine's PostgreSQL binaries, and how to run them: as root they must drop to the
/// <c>postgres</c> user because <c>initdb</c> and <c>postgres</c> refuse to run as root.
/// </summary>
internal sealed record PostgresInstallation(string BinDirectory, bool RunAsPostgresUser)
{
    public const string ServiceUser = "postgres";

    public static PostgresInstallation Find()
    {
        var bin = FindBinDirectory()
            ?? throw new InvalidOperationException(
                "No PostgreSQL found (looked in /usr/lib/postgresql/<version>/bin and on PATH). " +
                "Install it (apt-get install postgresql) or run with Infra:Mode=container or external.");
        return new PostgresInstallation(bin, Environment.IsPrivilegedProcess);
    }

    public string Postgres => Path.Combine(BinDirectory, "postgres");

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    /// <summary>The program and arguments that run <paramref name="program"/> as the right user.</summary>
    public (string FileName, string[] Arguments) Command(string program, params string[] arguments) =>
        RunAsPostgresUser
            ? ("setpriv", [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", program, .. arguments])
            : (program, arguments);

    private static string? FindBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.Version > 0 && HasServerBinaries(Path.Combine(x.Dir, "bin")))
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "postgres");
            if (!File.Exists(candidate))
            {
                continue;
            }

            // Follow a symlink (e.g. /usr/local/bin/postgres) so initdb is looked up beside the real binary.
            var resolved = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            var binDir = Path.GetDirectoryName(resolved)!;
            if (HasServerBinaries(binDir))
            {
                return binDir;
            }
        }

        return null;
    }

    private static bool HasServerBinaries(string dir) =>
        File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb"));
}
