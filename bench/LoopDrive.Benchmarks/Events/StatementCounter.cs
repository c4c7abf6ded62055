using System.Collections.Concurrent;
using System.Diagnostics;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// Database round trips of this process, counted from Npgsql's command spans (one per command or
/// batch, which is one round trip) and filed under the stream whose consumer span they ran in,
/// with the statement's opening words. Dividing by the replies handled gives
/// statements per reply for each intake stage.
/// </summary>
internal sealed class StatementCounter : IDisposable
{
    private const string NpgsqlSource = "Npgsql";
    private const string ConsumerSuffix = " process";

    private readonly ConcurrentDictionary<(string Stream, string Statement), long> _counts = new();
    private readonly ActivityListener _listener;

    public StatementCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is NpgsqlSource or SpineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Count,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Round trips per unit, by stream and statement, the busiest first.</summary>
    public IEnumerable<(string Stream, string Statement, double PerUnit)> Per(long units) =>
        _counts.OrderByDescending(c => c.Value).Select(c => (c.Key.Stream, c.Key.Statement, c.Value / (double)Math.Max(1, units)));

    public double Total(string stream, long units) =>
        _counts.Where(c => c.Key.Stream == stream).Sum(c => c.Value) / (double)Math.Max(1, units);

    public void Dispose() => _listener.Dispose();

    private void Count(Activity activity)
    {
        if (activity.Source.Name != NpgsqlSource) return;
        var stream = "other";
        for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Source.Name == SpineTelemetry.Name && parent.OperationName.EndsWith(ConsumerSuffix, StringComparison.Ordinal))
            {
                stream = parent.OperationName[..^ConsumerSuffix.Length];
                break;
            }
        }
        var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) as string ?? activity.DisplayName;
        // The statement's opening words name it well enough (SELECT … FROM table, INSERT INTO table).
        var words = string.Join(' ', text.Split((char[]?)null, 8, StringSplitOptions.RemoveEmptyEntries).Take(7));
        _counts.AddOrUpdate((stream, words.Length > 70 ? words[..70] : words), 1, (_, n) => n + 1);
    }
}
