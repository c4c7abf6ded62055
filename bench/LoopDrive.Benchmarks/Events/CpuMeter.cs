using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// CPU seconds spent by this process, by the bench's PostgreSQL (the postmaster and every
/// backend it forked) and by its redis-server, read from /proc. On a shared, loaded machine a rate measures the neighbours
/// as much as the code; CPU per unit of work measures the code.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _postmaster;
    private readonly int _redis;

    private CpuMeter(int postmaster, int redis)
    {
        _postmaster = postmaster;
        _redis = redis;
    }

    public static async Task<CpuMeter> ForAsync(NpgsqlDataSource db, int redisPort, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync(ct))!;
        return new CpuMeter(Stat(backend)?.Parent ?? 0, OperatingSystem.IsLinux() ? RedisPid(redisPort) : 0);
    }

    public (double Process, double Database, double Redis) Read()
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        double database = 0;
        if (_postmaster <= 0 || !OperatingSystem.IsLinux()) return (own, 0, 0);
        foreach (var pid in Pids())
        {
            if (Stat(pid) is { } stat && (pid == _postmaster || stat.Parent == _postmaster)) database += stat.Seconds;
        }
        return (own, database, _redis > 0 ? Stat(_redis)?.Seconds ?? 0 : 0);
    }

    private static IEnumerable<int> Pids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) yield return pid;
    }

    /// <summary>
    /// The redis-server listening on the bench's port, found by its command line: started with
    /// <c>--port N</c>, which the server rewrites to <c>redis-server host:N</c> once running.
    /// </summary>
    private static int RedisPid(int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        foreach (var pid in Pids())
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            }
            catch (IOException)
            {
                // The process ended between listing and reading: it is not the server, which is running.
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's process: the bench starts its own server as this user.
                continue;
            }
            var words = commandLine.Split(['\0', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0 && words[0].EndsWith("redis-server", StringComparison.Ordinal)
                && words.Any(w => w == portText || w.EndsWith(":" + portText, StringComparison.Ordinal))) return pid;
        }
        return 0;
    }

    private static (int Parent, double Seconds)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            // The process ended between listing and reading: its time is no longer counted anywhere.
            return null;
        }
        // Fields after the command name (which may hold spaces) start after its closing parenthesis.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (parent, ticks / TicksPerSecond);
    }
}
