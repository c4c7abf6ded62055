using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// CPU seconds spent by this process and by the bench's PostgreSQL (the postmaster and every
/// backend it forked), read from /proc. On a shared, loaded machine a rate measures the neighbours
/// as much as the code; CPU per unit of work measures the code.
/// </summary>
internal sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _postmaster;

    private CpuMeter(int postmaster) => _postmaster = postmaster;

    public static async Task<CpuMeter> ForAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync(ct))!;
        return new CpuMeter(Stat(backend)?.Parent ?? 0);
    }

    public (double Process, double Database) Read()
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        double database = 0;
        if (_postmaster <= 0 || !OperatingSystem.IsLinux()) return (own, 0);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Stat(pid) is { } stat && (pid == _postmaster || stat.Parent == _postmaster)) database += stat.Seconds;
        }
        return (own, database);
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
