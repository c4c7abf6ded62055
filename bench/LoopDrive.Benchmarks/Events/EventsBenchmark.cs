using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using LoopDrive.Benchmarks.People;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Events;
using LoopDrive.Core.Platform;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// <c>bench events</c>: its own PostgreSQL and Redis, the real API on a loopback port. Figures,
/// each next to a baseline from the same run: batch ingest over HTTP (1000 per request, 4
/// concurrent clients) vs a raw binary COPY of the same rows; single ingest rate and p95; a
/// 4-step funnel and 30-day stats over N events (default 1,000,000) vs a plain count of the range.
/// Then the intake pipeline: replies offered on <c>intake.normalize</c> at a fixed rate with the
/// workers' consumers in-process, lag to classification vs the local classifier alone.
/// Options: <c>--events N</c>, <c>--batches N</c> (HTTP batches, default 100), <c>--seconds N</c> (single ingest run, 5),
/// <c>--connections N</c> (single ingest clients in flight, 128), <c>--warm-up N</c> (seconds of single ingest before each measured one, 10), <c>--intake-rate N</c> (replies/s, 2000), <c>--intake-seconds N</c> (10),
/// <c>--rate N</c> and <c>--paced-seconds N</c> (the open-loop single ingest run, 5,000/s for 10 s),
/// <c>--float-weights</c> (the intake's workers run the local model with float weights, not the default int8), <c>--only single|intake</c> (that phase alone, for profiling one path; with <c>--without-event-triggers</c> the
/// single run measures the <c>events</c> triggers' share), <c>--explain</c> (print the plan of the funnel with a range start).
/// Single ingest is measured next to a no-op ceiling (<see cref="NoOpIngestApp"/>): the same requests answered by a bare Kestrel app.
/// </summary>
public static class EventsBenchmark
{
    private const int BatchClients = 4;
    private const int BatchSize = 1000;
    /// <summary>
    /// Little's law: 5,000 events/s at about 10 ms each needs some 50 requests in flight, and more
    /// to leave room for the p95; 128 also gives the group commit batches worth sharing a commit.
    /// </summary>
    private const int DefaultSingleConnections = 128;

    /// <summary>The single ingest target: this rate, at p95 ≤ 20 ms.</summary>
    private const int SingleTargetRate = 5000;

    /// <summary>
    /// With 128 clients, one second still ran tier-0 code and cost several times the steady CPU per
    /// event; on a loaded 2-core machine the JIT's background thread still took about 7 % of the
    /// process's CPU five seconds into a run after three seconds of warm-up, and little after twenty.
    /// </summary>
    private const int WarmUpSeconds = 10;
    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Option(args, "--events", 1_000_000);
        var batches = Option(args, "--batches", 100);
        var seconds = Option(args, "--seconds", 5);
        var intakeRate = Option(args, "--intake-rate", 2000);
        var intakeSeconds = Option(args, "--intake-seconds", 10);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(Option(args, "--budget-minutes", 10)));
        var ct = stop.Token;
        var only = Text(args, "--only");
        var connections = Option(args, "--connections", DefaultSingleConnections);
        var warmUp = Option(args, "--warm-up", WarmUpSeconds);
        var pacedRate = Option(args, "--rate", SingleTargetRate);
        var pacedSeconds = Option(args, "--paced-seconds", 10);
        var int8Weights = !args.Contains("--float-weights");
        Console.WriteLine(Invariant($"events benchmark: {events:N0} events for analysis, {batches} HTTP batches of {BatchSize}, {Environment.ProcessorCount} cores"));

        await using var servers = await BenchServers.StartAsync();
        var (workspaceId, key) = await CreateWorkspaceAsync(servers, ct);
        var personIds = await PeopleSeed.SeedPersonsAsync(servers.DataSource, workspaceId, 20_000, ct);
        if (only == "intake") return await IntakeOnlyAsync(servers, workspaceId, personIds, intakeRate, intakeSeconds, int8Weights, ct);
        using var api = ApiHost.Start(servers);
        using var client = HttpLoad.NewClient(api.BaseAddress, connections);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        // The first batch pays the API's start-up (JIT, EF model) and a loaded machine stretches it past the default 30 s.
        client.Timeout = TimeSpan.FromMinutes(5);

        var meter = await CpuMeter.ForAsync(servers.DataSource, servers.Redis.Port, ct);
        await using var noOp = await NoOpIngestApp.StartAsync(key, ct);
        using var noOpClient = HttpLoad.NewClient(noOp.BaseAddress, connections);
        noOpClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var load = new SingleLoad(client, noOpClient, personIds, connections, seconds, warmUp, pacedRate, pacedSeconds, meter);
        if (only == "single")
        {
            if (args.Contains("--without-event-triggers"))
            {
                // A measurement of the triggers' share on this throwaway database only: counts and firsts are not kept during the run.
                await using var disable = servers.DataSource.CreateCommand("ALTER TABLE events DISABLE TRIGGER USER");
                await disable.ExecuteNonQueryAsync(ct);
                Console.WriteLine("events triggers disabled for this run (hourly counts, first occurrences)");
            }
            // Ingest first, so a profiler attached a few seconds after start-up sees it alone.
            var singleOnly = await load.MeasureAsync(servers.DataSource, ct);
            var ceilingOnly = await load.CeilingAsync(ct);
            // Read after the ceiling's run: backends report their counts to the statistics collector when idle.
            PrintSingle(singleOnly, ceilingOnly, connections, await CommitsAsync(servers.DataSource, ct));
            return singleOnly.Failed == 0 ? 0 : 1;
        }

        // 1. Batch ingest over HTTP vs raw COPY of the same rows.
        var bodies = Enumerable.Range(0, batches).Select(b => BatchBody(b, personIds)).ToArray();
        await PostAsync(client, "api/events/batch", BatchBody(-1, personIds).Replace("bench-http", "bench-warmup", StringComparison.Ordinal), ct); // warm-up: JIT, pools, first COPY
        var next = -1;
        var httpClock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, BatchClients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches)
                await PostAsync(client, "api/events/batch", bodies[i], ct);
        }, ct)));
        var httpRate = batches * BatchSize / httpClock.Elapsed.TotalSeconds;
        var copyRate = await RawCopyAsync(servers.DataSource, workspaceId, personIds, batches * BatchSize, DateTimeOffset.UtcNow.AddDays(-40), ct) is var copied
            ? copied.Rows / copied.Seconds : 0;
        var stored = await CountAsync(servers.DataSource, "SELECT count(*) FROM events WHERE source = 'bench-http'", ct);

        // 2. Single ingest: distinct bodies (no key-less replay), latency of each request, and the
        // database transactions they cost (concurrent single events share commits).
        var ceiling = await load.CeilingAsync(ct);
        // The batches before warmed other code: the single path's JIT tiers would otherwise be measured (the run warms up first).
        var single = await load.MeasureAsync(servers.DataSource, ct);

        // 3. Analysis over N events spread over 30 days.
        var seedClock = Stopwatch.StartNew();
        var end = DateTimeOffset.UtcNow;
        await SeedFunnelEventsAsync(servers.DataSource, workspaceId, personIds, events, end.AddDays(-30), ct);
        // The workers fold the count deltas every few seconds; do it once here, as they would have.
        var fold = new FoldEventCounts(servers.DataSource);
        while (await fold.HandleAsync(ct) == FoldEventCounts.ChunkSize) { }
        // As autovacuum would have: the visibility map lets the funnel's and count's index scans skip the heap.
        await BenchServers.VacuumAnalyzeAsync(servers.DataSource, ct, "events", "event_firsts");
        // Read after the seeding (a few transactions of its own): backends report their counts to the statistics collector when idle.
        var commitsAfter = await CommitsAsync(servers.DataSource, ct);
        Console.WriteLine(Invariant($"seeded {events:N0} events over 30 days with binary COPY, folded their hourly counts, VACUUM ANALYZE in {seedClock.Elapsed.TotalSeconds:0.0} s"));
        var from = end.AddDays(-30).ToString("O", CultureInfo.InvariantCulture);
        var to = end.ToString("O", CultureInfo.InvariantCulture);
        var funnelBody = """{"steps":["email.sent","email.opened","email.clicked","conversion.purchase"],"windowSeconds":604800}""";
        var funnel = await MedianMsAsync(5, () => PostAsync(client, "api/events/funnel", funnelBody, ct));
        // With a range start the funnel reads each step's events in the range instead of the first occurrences.
        var weekFrom = end.AddDays(-7).ToString("O", CultureInfo.InvariantCulture);
        var weekBody = funnelBody.Replace("}", ",\"dateFrom\":\"" + weekFrom + "\",\"dateTo\":\"" + to + "\"}", StringComparison.Ordinal);
        var weekFunnel = await MedianMsAsync(5, () => PostAsync(client, "api/events/funnel", weekBody, ct));
        if (args.Contains("--explain"))
            Console.WriteLine(await new RunFunnel(servers.DataSource).ExplainAsync(workspaceId, FunnelTypes, null, end.AddDays(-7), end,
                RunFunnel.DefaultWindow, false, ct));
        var stats = await MedianMsAsync(5, () => GetAsync(client, $"api/events/stats?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", ct));
        var count = await MedianMsAsync(5, () => CountAsync(servers.DataSource,
            Invariant($"SELECT count(*) FROM events WHERE workspace_id = '{workspaceId}' AND ts >= '{from}' AND ts <= '{to}'"), ct));

        // 4. Intake: replies through intake.normalize → intake.embed with the local classifier.
        var intake = await IntakeLag.RunAsync(servers, workspaceId, personIds, intakeRate, intakeSeconds, int8Weights, ct);

        Console.WriteLine();
        Console.WriteLine(Invariant($"raw binary COPY of the same rows = {copyRate:N0} rows/s"));
        Console.WriteLine(Invariant($"batch ingest over HTTP = {httpRate:N0} events/s = {httpRate / copyRate:0.00} × raw COPY ({BatchClients} clients, {BatchSize}/request; target ≥ 0.40: {Verdict(httpRate / copyRate >= 0.4)})"));
        PrintSingle(single, ceiling, connections, commitsAfter);
        Console.WriteLine(Invariant($"plain count of the 30-day range = {count:0.0} ms (baseline)"));
        Console.WriteLine(Invariant($"funnel of 4 steps over {events:N0} events = {funnel:0.0} ms = {funnel / count:0.0} × count (median of 5; target ≤ 1000 ms: {Verdict(funnel <= 1000)})"));
        Console.WriteLine(Invariant($"funnel of 4 steps over the last 7 days (dateFrom) = {weekFunnel:0.0} ms = {weekFunnel / count:0.0} × count (median of 5)"));
        Console.WriteLine(Invariant($"stats over 30 days of {events:N0} events = {stats:0.0} ms = {stats / count:0.0} × count (median of 5; target ≤ 300 ms: {Verdict(stats <= 300)})"));
        PrintIntake(intake, intakeSeconds);
        Console.WriteLine(Invariant($"checks: {stored:N0} of {batches * BatchSize:N0} HTTP batch events stored, {single.Failed} failed single ingests"));
        return stored == batches * BatchSize && single.Failed == 0 ? 0 : 1;
    }

    /// <param name="ProcessCpuMs">This process's CPU per request: the bench's client and the server under test alike.</param>
    /// <param name="DatabaseCpuMs">The bench PostgreSQL's CPU per request.</param>
    /// <param name="RedisCpuMs">The bench Redis's CPU per request (key-less de-duplication, the live feed): it runs on the same cores.</param>
    /// <param name="SlowestSecond">Requests answered in the run's slowest whole second: a stall shows here when the rate hides it.</param>
    private sealed record SingleRun(double Rate, double P95, double P50, double Mean, long Failed, int Count, double ProcessCpuMs, double DatabaseCpuMs, double RedisCpuMs,
        int SlowestSecond, int FastestSecond)
    {
        public double TotalCpuMs => ProcessCpuMs + DatabaseCpuMs + RedisCpuMs;
    }

    /// <summary>Distinct bodies (no key-less replay) from <paramref name="connections"/> clients; latency of each request.</summary>
    /// <param name="phase">Named on standard error with the time as the phase starts, so a profiler can be attached to one phase.</param>
    private static async Task<SingleRun> SingleIngestAsync(string phase, HttpClient client, string[] personIds, int connections, int seconds, CpuMeter meter,
        CancellationToken ct, long firstBody = 0)
    {
        Console.Error.WriteLine(Invariant($"[{DateTime.UtcNow:HH:mm:ss}] {phase} for {seconds} s"));
        long n = firstBody, failed = 0;
        var latencies = new List<double>[connections];
        var perSecond = new int[seconds + 1];
        var cpuBefore = meter.Read();
        var singleClock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            while (singleClock.Elapsed.TotalSeconds < seconds)
            {
                var i = Interlocked.Increment(ref n);
                var start = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("api/events", SingleBody(personIds, i), ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref perSecond[Math.Min(seconds, (int)singleClock.Elapsed.TotalSeconds)]);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failed);
            }
        }, ct)));
        var elapsed = singleClock.Elapsed.TotalSeconds;
        var cpuAfter = meter.Read();
        var all = latencies.SelectMany(l => l).ToList();
        var perRequest = 1000.0 / Math.Max(1, all.Count);
        return new(all.Count / elapsed, Timings.Percentile(all, 95), Timings.Median(all), all.Count == 0 ? 0 : all.Average(), failed, all.Count,
            (cpuAfter.Process - cpuBefore.Process) * perRequest, (cpuAfter.Database - cpuBefore.Database) * perRequest,
            (cpuAfter.Redis - cpuBefore.Redis) * perRequest, perSecond[..seconds].Min(), perSecond[..seconds].Max());
    }

    /// <summary>A distinct body per <paramref name="i"/>, so no request is a key-less replay of another.</summary>
    private static StringContent SingleBody(string[] personIds, long i) =>
        Json("{\"type\":\"email.opened\",\"channel\":\"email\",\"source\":\"bench-single\",\"personId\":\"" + personIds[i % personIds.Length]
            + "\",\"payload\":{\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}}");

    /// <summary>How single ingest is loaded: the clients, the closed loop's size and length, its warm-up, and the paced run's rate and length.</summary>
    private sealed record SingleLoad(HttpClient Client, HttpClient NoOpClient, string[] PersonIds, int Connections, int Seconds, int WarmUp,
        int PacedRate, int PacedSeconds, CpuMeter Meter)
    {
        /// <summary>
        /// Warm-up (JIT tiers, pools; bodies of its own), the closed loop with the group commit's split,
        /// then the paced run, which the closed loop leaves compiled (bodies of its own again).
        /// </summary>
        public async Task<SingleFigures> MeasureAsync(NpgsqlDataSource database, CancellationToken ct)
        {
            _ = await SingleIngestAsync("single ingest warm-up", Client, PersonIds, Connections, WarmUp, Meter, ct, firstBody: 1L << 40);
            var commitsBefore = await CommitsAsync(database, ct);
            string split;
            SingleRun closed;
            using (var meter = new GroupCommitSplit { On = true })
            {
                closed = await SingleIngestAsync("single ingest", Client, PersonIds, Connections, Seconds, Meter, ct);
                meter.On = false;
                split = meter.Summary(closed.Mean);
            }
            Console.Error.WriteLine(Invariant($"[{DateTime.UtcNow:HH:mm:ss}] single ingest paced at {PacedRate:N0}/s for {PacedSeconds} s"));
            var paced = await PacedIngest.RunAsync(Client, i => SingleBody(PersonIds, (1L << 41) + i), PacedRate, PacedSeconds, Meter, ct);
            return new SingleFigures(closed, paced, split, commitsBefore);
        }

        /// <summary>The same closed loop against the bare Kestrel app, after a warm-up of its own.</summary>
        public async Task<SingleRun> CeilingAsync(CancellationToken ct)
        {
            _ = await SingleIngestAsync("no-op ceiling warm-up", NoOpClient, PersonIds, Connections, WarmUp, Meter, ct);
            return await SingleIngestAsync("no-op ceiling", NoOpClient, PersonIds, Connections, Seconds, Meter, ct);
        }
    }

    /// <param name="Split">Where the closed loop's mean latency went (<see cref="GroupCommitSplit"/>).</param>
    /// <param name="CommitsBefore">The database's commit count before the measured runs.</param>
    private sealed record SingleFigures(SingleRun Closed, PacedIngest.Result Paced, string Split, long CommitsBefore)
    {
        public long Failed => Closed.Failed + Paced.Failed;
    }

    /// <param name="commitsAfter">The database's commit count read once the runs' backends have reported theirs.</param>
    private static void PrintSingle(SingleFigures figures, SingleRun ceiling, int connections, long commitsAfter)
    {
        var (single, paced) = (figures.Closed, figures.Paced);
        Console.WriteLine(Invariant($"no-op ceiling (bare Kestrel, same client and bodies, stores nothing) = {ceiling.Rate:N0} requests/s, p95 = {ceiling.P95:0.0} ms; {ceiling.ProcessCpuMs:0.000} ms CPU per request in the bench process (client + server)"));
        Console.WriteLine(Invariant($"single ingest, closed loop = {single.Rate:N0} events/s = {single.Rate / ceiling.Rate:0.00} × the no-op ceiling, p95 = {single.P95:0.0} ms, p50 = {single.P50:0.0} ms, slowest second {single.SlowestSecond:N0}, fastest {single.FastestSecond:N0} ({connections} connections, each sending when answered), {single.Failed} failed"));
        // The target is a rate and a latency at that rate: the paced run holds the rate, the closed loop shows the headroom above it.
        var met = single.Rate >= SingleTargetRate && paced.Rate >= SingleTargetRate && paced.Answered >= paced.Rate * 0.98 && paced.P95 <= 20 && paced.Failed == 0;
        Console.WriteLine(Invariant($"single ingest, paced at {paced.Rate:N0}/s (open loop, latency from when each request was due) = {paced.Answered:N0} answered/s, p50 = {paced.P50:0.0} ms, p95 = {paced.P95:0.0} ms, p99 = {paced.P99:0.0} ms, max = {paced.Max:0.0} ms, CPU per event {paced.ProcessCpuMs:0.000} + {paced.DatabaseCpuMs:0.000} + {paced.RedisCpuMs:0.000} ms, {paced.Failed} failed (target ≥ 5,000/s at p95 ≤ 20 ms: {Verdict(met)})"));
        // The ceiling's CPU is the client's share plus a bare server's; what is above it is the API's own work.
        Console.WriteLine(Invariant($"single ingest CPU per event = {single.ProcessCpuMs:0.000} ms in the bench process (client + API; {single.ProcessCpuMs - ceiling.ProcessCpuMs:0.000} ms above the ceiling) + {single.DatabaseCpuMs:0.000} ms in PostgreSQL + {single.RedisCpuMs:0.000} ms in Redis = {single.TotalCpuMs / ceiling.ProcessCpuMs:0.0} × the no-op ceiling's; {Environment.ProcessorCount} cores afford {Environment.ProcessorCount * 1000 / single.TotalCpuMs:N0} events/s at most"));
        Console.WriteLine(figures.Split);
        Console.WriteLine(Invariant($"database commits per single ingest = {(commitsAfter - figures.CommitsBefore) / (double)Math.Max(1, single.Count + paced.Count):0.000} over both runs (1 = a transaction per request)"));
    }

    private static async Task<int> IntakeOnlyAsync(BenchServers servers, string workspaceId, string[] personIds, int rate, int seconds, bool int8Weights,
        CancellationToken ct)
    {
        var intake = await IntakeLag.RunAsync(servers, workspaceId, personIds, rate, seconds, int8Weights, ct);
        PrintIntake(intake, seconds);
        return 0;
    }

    private static void PrintIntake(IntakeLag.Result intake, int seconds)
    {
        Console.WriteLine(Invariant($"local classifier alone = {intake.ClassifierAlonePerSecond:N0} replies/s on one thread, {intake.AloneCpuMs:0.00} ms CPU per reply (baseline); in calls of 64: {intake.BatchedCpuMs:0.00} ms CPU per reply"));
        Console.WriteLine(Invariant($"embedding alone in calls of 64: package encoder {intake.Encoders.Package:0.00} ms CPU per text, service encoder {intake.Encoders.Ours:0.00} ms = {intake.Encoders.Package / intake.Encoders.Ours:0.00}× less; with int8 weights {intake.Encoders.Int8:0.00} ms = {intake.Encoders.Package / intake.Encoders.Int8:0.00}× less"));
        Console.WriteLine(Invariant($"intake CPU per classified reply = {intake.PipelineCpuMs:0.00} ms in the workers + {intake.DatabaseCpuMs:0.00} ms in PostgreSQL = {(intake.PipelineCpuMs + intake.DatabaseCpuMs) / intake.AloneCpuMs:0.0} × the classifier alone; {Environment.ProcessorCount} cores afford {Environment.ProcessorCount * 1000 / (intake.PipelineCpuMs + intake.DatabaseCpuMs):N0} replies/s at most"));
        foreach (var line in intake.Statements) Console.WriteLine("database " + line);
        Console.WriteLine(Invariant($"intake of replies offered at {intake.Offered:N0}/s for {seconds} s: {intake.Classified:N0} of {intake.Sent:N0} classified {intake.Drain:0.0} s after the last hand-over; lag p50 = {intake.P50:0.00} s, p95 = {intake.P95:0.00} s (target: keeps up with 2,000/s at p95 ≤ 2 s: {Verdict(intake.Classified == intake.Sent && intake.Offered >= 2000 * 0.95 && intake.P95 <= 2)})"));
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static readonly string[] FunnelTypes = ["email.sent", "email.opened", "email.clicked", "conversion.purchase"];

    private static string BatchBody(int batch, string[] personIds)
    {
        var body = new StringBuilder("{\"events\":[");
        for (var i = 0; i < BatchSize; i++)
        {
            var k = (long)batch * BatchSize + i;
            if (i > 0) body.Append(',');
            body.Append(Invariant($$"""{"type":"email.delivered","channel":"email","source":"bench-http","personId":"{{personIds[Math.Abs(k) % personIds.Length]}}","payload":{"sendId":"send_{{k}}","n":{{k}}},"metadata":{"idempotencyKey":"bench-{{batch}}-{{i}}" """)).Append("}}");
        }
        return body.Append("]}").ToString();
    }

    private static async Task<(long Rows, double Seconds)> RawCopyAsync(NpgsqlDataSource db, string ws, string[] persons, int rows, DateTimeOffset ts, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var clock = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY events (id, workspace_id, person_id, type, channel, source, payload, ts, metadata, idempotency_key) FROM STDIN (FORMAT BINARY)", ct))
        {
            writer.Timeout = CopyTimeout;
            for (var k = 0; k < rows; k++)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(Ids.New(IdPrefixes.Event), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(ws, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(persons[k % persons.Length], NpgsqlDbType.Text, ct);
                await writer.WriteAsync("email.delivered", NpgsqlDbType.Text, ct);
                await writer.WriteAsync("email", NpgsqlDbType.Text, ct);
                await writer.WriteAsync("bench-copy", NpgsqlDbType.Text, ct);
                await writer.WriteAsync(Invariant($$"""{"sendId":"send_{{k}}","n":{{k}}}"""), NpgsqlDbType.Jsonb, ct);
                await writer.WriteAsync(ts, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(Invariant($$"""{"idempotencyKey":"copy-{{k}}"}"""), NpgsqlDbType.Jsonb, ct);
                await writer.WriteAsync("copy-" + k.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text, ct);
            }
            await writer.CompleteAsync(ct);
        }
        return (rows, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Each person walks the funnel with falling odds (sent → opened 50 % → clicked 40 % → purchase 30 %), minutes to hours apart.</summary>
    private static async Task SeedFunnelEventsAsync(NpgsqlDataSource db, string ws, string[] persons, int events, DateTimeOffset start, CancellationToken ct)
    {
        var random = new Random(42);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY events (id, workspace_id, person_id, type, channel, source, payload, ts) FROM STDIN (FORMAT BINARY)", ct);
        // The statement triggers (hourly counts, first occurrences) run over all the rows when the COPY completes.
        writer.Timeout = CopyTimeout;
        var written = 0;
        var span = TimeSpan.FromDays(29).TotalSeconds;
        while (written < events)
        {
            var person = persons[random.Next(persons.Length)];
            var ts = start.AddSeconds(random.NextDouble() * span);
            for (var step = 0; step < FunnelTypes.Length && written < events; step++)
            {
                if (step > 0 && random.NextDouble() > 0.5 - 0.1 * (step - 1)) break;
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(Ids.New(IdPrefixes.Event), NpgsqlDbType.Text, ct);
                await writer.WriteAsync(ws, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(person, NpgsqlDbType.Text, ct);
                await writer.WriteAsync(FunnelTypes[step], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(step == 3 ? "site" : random.Next(4) == 0 ? "sms" : "email", NpgsqlDbType.Text, ct);
                await writer.WriteAsync("bench-seed", NpgsqlDbType.Text, ct);
                await writer.WriteAsync(step == 3 ? """{"amount":4900}""" : "{}", NpgsqlDbType.Jsonb, ct);
                await writer.WriteAsync(ts, NpgsqlDbType.TimestampTz, ct);
                ts = ts.AddMinutes(5 + random.Next(600));
                written++;
            }
        }
        await writer.CompleteAsync(ct);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task PostAsync(HttpClient client, string path, string body, CancellationToken ct)
    {
        using var response = await client.PostAsync(path, Json(body), ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        await response.Content.CopyToAsync(Stream.Null, ct);
    }

    private static async Task GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
        await response.Content.CopyToAsync(Stream.Null, ct);
    }

    /// <summary>Committed transactions in the bench database so far (the statistics collector's count).</summary>
    private static async Task<long> CommitsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 0;
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<double> MedianMsAsync(int runs, Func<Task> operation)
    {
        await operation();
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return Timings.Median(samples);
    }

    private static async Task<(string WorkspaceId, string Key)> CreateWorkspaceAsync(BenchServers servers, CancellationToken ct)
    {
        await using var db = servers.CreateDbContext();
        var created = await new CreateWorkspace(db, TimeProvider.System).HandleAsync("Events bench", "events-bench", null, "US", "UTC", null, ct);
        return (created.Workspace.Id, created.Secret);
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
