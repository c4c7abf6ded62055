using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StackExchange.Redis;

namespace LoopDrive.Benchmarks.Sends;

/// <summary>
/// <c>--probe</c>: counts PostgreSQL round trips (Npgsql's command spans) by the pipeline stage
/// that issued them — the nearest enclosing span that is not Npgsql's own: a consumer's batch, the
/// provider call, an API request — and Redis commands by name (INFO commandstats), over one phase.
/// Printed per send, so a stage's cost reads as "round trips per send". Listening costs a little
/// CPU, so the probed run's throughput is not the figure to report.
/// </summary>
internal sealed class RoundTripProbe : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, int> _commands = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _spans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _milliseconds = new(StringComparer.Ordinal);
    private volatile bool _counting;

    public RoundTripProbe()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "System.Net.Http" || source.Name.StartsWith("LoopDrive", StringComparison.Ordinal)
                                       || source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Start()
    {
        _commands.Clear();
        _spans.Clear();
        _milliseconds.Clear();
        _counting = true;
    }

    public void Stop() => _counting = false;

    private void Stopped(Activity activity)
    {
        if (!_counting) return;
        if (activity.Source.Name != "Npgsql")
        {
            _spans.AddOrUpdate(Stage(activity), 1, (_, n) => n + 1);
            return;
        }
        var owner = activity.Parent;
        while (owner is not null && owner.Source.Name == "Npgsql") owner = owner.Parent;
        var stage = owner is null ? "(no span: background loop)" : Stage(owner);
        var statement = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
        var key = stage + "\t" + Shorten(statement);
        _commands.AddOrUpdate(key, 1, (_, n) => n + 1);
        _milliseconds.AddOrUpdate(key, activity.Duration.TotalMilliseconds, (_, ms) => ms + activity.Duration.TotalMilliseconds);
    }

    private static string Stage(Activity activity) => activity.Source.Name switch
    {
        "System.Net.Http" => "http client " + activity.DisplayName,
        var name when name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) => "api " + activity.DisplayName,
        _ => activity.DisplayName,
    };

    private static string Shorten(string statement)
    {
        var flat = string.Join(' ', statement.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 90 ? flat : flat[..90] + "…";
    }

    public void Print(int sends)
    {
        Console.WriteLine(Invariant($"probe: PostgreSQL round trips per send ({sends:N0} sends), by the span that issued them"));
        foreach (var stage in _commands.GroupBy(c => c.Key.Split('\t')[0]).OrderByDescending(g => g.Sum(c => c.Value)))
        {
            var total = stage.Sum(c => c.Value);
            var ms = stage.Sum(c => _milliseconds[c.Key]);
            var spans = _spans.GetValueOrDefault(stage.Key);
            Console.WriteLine(Invariant($"  {stage.Key}: {(double)total / sends:0.00} per send, {ms / sends:0.00} ms per send ({spans:N0} spans)"));
            foreach (var command in stage.OrderByDescending(c => c.Value).Take(8))
                Console.WriteLine(Invariant($"      {(double)command.Value / sends:0.00}  {_milliseconds[command.Key] / command.Value:0.00} ms  {command.Key.Split('\t')[1]}"));
        }
        foreach (var span in _spans.Where(s => !_commands.Keys.Any(k => k.StartsWith(s.Key + "\t", StringComparison.Ordinal))).OrderByDescending(s => s.Value))
            Console.WriteLine(Invariant($"  {span.Key}: no SQL ({span.Value:N0} spans)"));
    }

    /// <summary>Calls per Redis command since the server started (read before and after a phase and subtract).</summary>
    public static async Task<Dictionary<string, long>> RedisCallsAsync(string connectionString)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await server.InfoAsync("commandstats"))
            foreach (var (key, value) in group)
            {
                // cmdstat_xadd: calls=123,usec=...
                var calls = value.Split(',')[0];
                if (calls.StartsWith("calls=", StringComparison.Ordinal))
                    result[key.Replace("cmdstat_", "", StringComparison.Ordinal)] = long.Parse(calls[6..], CultureInfo.InvariantCulture);
            }
        return result;
    }

    public static void PrintRedis(Dictionary<string, long> before, Dictionary<string, long> after, int sends)
    {
        var parts = after.Select(a => (a.Key, Calls: a.Value - before.GetValueOrDefault(a.Key))).Where(a => a.Calls > 0).OrderByDescending(a => a.Calls)
            .Select(a => Invariant($"{a.Key} {(double)a.Calls / sends:0.00}"));
        Console.WriteLine($"probe: Redis commands per send (whole process, incl. idle polling): {string.Join(", ", parts)}");
    }

    /// <summary>Row updates of <c>sends</c> so far, and how many of them were HOT (in place, no new index entries).</summary>
    public static async Task<(long Updates, long Hot, int RowBytes)> SendsUpdatesAsync(NpgsqlDataSource database, bool settle)
    {
        // A backend hands its counters to the statistics system within 10 s of going idle: wait that out after a phase.
        if (settle) await Task.Delay(TimeSpan.FromSeconds(11));
        await using var command = database.CreateCommand("""
            select pg_stat_clear_snapshot();
            select n_tup_upd, n_tup_hot_upd, (select coalesce(avg(pg_column_size(s.*)), 0)::int from sends s)
            from pg_stat_user_tables where relname = 'sends'
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2));
    }

    public static void PrintUpdates((long Updates, long Hot, int) before, (long Updates, long Hot, int RowBytes) after, int sends)
    {
        var (updates, hot) = (after.Updates - before.Updates, after.Hot - before.Hot);
        Console.WriteLine(Invariant($"probe: sends row updates {(double)updates / sends:0.00} per send, {(double)hot / sends:0.00} of them HOT ({(updates == 0 ? 0 : 100.0 * hot / updates):0} %); a row is {after.RowBytes} bytes on average"));
    }

    public void Dispose() => _listener.Dispose();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
