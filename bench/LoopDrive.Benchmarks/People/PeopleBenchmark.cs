using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Benchmarks.People;

/// <summary>
/// <c>bench people</c>: seeds persons with two identities each (binary COPY) into its own
/// PostgreSQL, hosts the real API on a loopback port and reports every figure against a baseline
/// measured in the same run. Options: <c>--persons N</c> (default 1,000,000), <c>--repetitions N</c> (3),
/// <c>--seconds N</c> per HTTP run (5), <c>--memories N</c> (10,000), <c>--search-iterations N</c> per
/// repetition (30; fewer lets a slow search at 1M persons finish in the budget), <c>--budget-minutes N</c> (10),
/// <c>--only http,inprocess,memory,search</c> (every phase).
/// </summary>
public static class PeopleBenchmark
{
    private const int Connections = 16;
    private const double ResolveRatioTarget = 0.8;
    private const double InProcessRatioTarget = 1.5;
    private const double MemoryP95TargetMs = 25;
    private const double SearchP95TargetMs = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var budget = TimeSpan.FromMinutes(Option(args, "--budget-minutes", 10));
        using var stop = new CancellationTokenSource(budget);
        // Ctrl-C or SIGTERM unwind normally, so the API, the baseline app and the servers are stopped too.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return await MeasureAsync(args, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"people benchmark stopped: cancelled or over its {budget.TotalMinutes:0}-minute budget");
            return 2;
        }
        catch (InvalidOperationException e)
        {
            // A sanity check failed: the figures would describe something other than the person graph.
            Console.Error.WriteLine($"people benchmark failed: {e.Message}");
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<int> MeasureAsync(string[] args, CancellationToken cancellationToken)
    {
        var persons = Option(args, "--persons", 1_000_000);
        var repetitions = Math.Max(3, Option(args, "--repetitions", 3));
        var seconds = Option(args, "--seconds", 5);
        var memories = Option(args, "--memories", 10_000);
        var total = Stopwatch.StartNew();
        Console.WriteLine(Invariant($"people benchmark: {persons:N0} persons / {2L * persons:N0} identities, {repetitions} repetitions, {Environment.ProcessorCount} cores"));

        await using var servers = await BenchServers.StartAsync();
        var (workspaceId, key) = await CreateWorkspaceAsync(servers, cancellationToken);

        var seeding = Stopwatch.StartNew();
        var personIds = await PeopleSeed.SeedPersonsAsync(servers.DataSource, workspaceId, persons, cancellationToken);
        Console.WriteLine(Invariant($"seeded {persons:N0} persons + {2L * persons:N0} identities with binary COPY in {seeding.Elapsed.TotalSeconds:0.0} s"));

        using var api = ApiHost.Start(servers);
        var embeddings = api.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        seeding.Restart();
        var memoryPerson = personIds[0];
        var (distinct, modelId) = await MemorySeed.SeedAsync(servers.DataSource, embeddings, workspaceId, memoryPerson, memories, cancellationToken);
        Console.WriteLine(Invariant($"seeded {memories:N0} memories for one person ({distinct} distinct texts embedded with {modelId}) in {seeding.Elapsed.TotalSeconds:0.0} s"));
        await using var pointQuery = await PointQueryApp.StartAsync(servers.DataSource, workspaceId, cancellationToken);

        var context = new Context(api, servers, workspaceId, key, personIds, memoryPerson, repetitions, cancellationToken);
        var phases = Phases(args);
        var http = phases.Contains("http") ? await MeasureHttpAsync(context, pointQuery, TimeSpan.FromSeconds(seconds)) : null;
        var inProcess = phases.Contains("inprocess") ? await MeasureInProcessAsync(context) : null;
        var memory = phases.Contains("memory") ? await MeasureMemoryAsync(context, embeddings) : null;
        var search = phases.Contains("search") ? await MeasureSearchAsync(context, Option(args, "--search-iterations", 30)) : null;

        var personsAfter = await CountPersonsAsync(servers, cancellationToken);
        Console.WriteLine();
        if (http is not null)
        {
            Console.WriteLine(Invariant($"minimal point-query endpoint = {http.Baseline:N0} req/s ({Connections} connections, median of {repetitions})"));
            Console.WriteLine(Invariant($"resolve = {http.Resolve:N0} req/s = {http.Resolve / http.Baseline:0.00} × minimal point-query endpoint ({Connections} connections, median of {repetitions}; target ≥ {ResolveRatioTarget:0.00}: {Verdict(http.Resolve / http.Baseline >= ResolveRatioTarget)})"));
            Console.WriteLine(Invariant($"  (for locating the cost: GET /api/person/{{id}} on the same API = {http.GetPerson:N0} req/s = {http.GetPerson / http.Baseline:0.00} × minimal point-query endpoint)"));
        }
        if (inProcess is not null)
            Console.WriteLine(Invariant($"in-process resolve p50 = {inProcess.Resolve * 1000:0} µs = {inProcess.Resolve / inProcess.Raw:0.00} × raw indexed lookup p50 ({inProcess.Raw * 1000:0} µs) (median of {repetitions}; target ≤ {InProcessRatioTarget:0.00}: {Verdict(inProcess.Resolve / inProcess.Raw <= InProcessRatioTarget)})"));
        if (memory is not null)
            Console.WriteLine(Invariant($"memory query ({memories:N0} memories, query embedded) p95 = {memory.P95:0.0} ms, p50 = {memory.P50:0.0} ms, embedding = {memory.EmbeddingShare:P0} of the time (median of {repetitions}; target p95 ≤ {MemoryP95TargetMs} ms: {Verdict(memory.P95 <= MemoryP95TargetMs)})"));
        if (search is not null)
            Console.WriteLine(Invariant($"search p95 = {search.P95:0.0} ms, p50 = {search.P50:0.0} ms over {persons:N0} persons (median of {repetitions}; target p95 ≤ {SearchP95TargetMs} ms: {Verdict(search.P95 <= SearchP95TargetMs)})"));

        var failed = http?.Failed ?? 0;
        var intact = personsAfter == persons && failed == 0;
        Console.WriteLine(Invariant($"checks: {failed} failed HTTP requests, {http?.Replayed ?? 0} resolve replays from the 60 s de-duplication, persons {persons:N0} → {personsAfter:N0} ({(personsAfter == persons ? "no resolve created a person" : "a resolve created persons")}); total time {total.Elapsed.TotalSeconds:0} s"));
        return intact ? 0 : 1;
    }

    private sealed record Context(ApiHost Api, BenchServers Servers, string WorkspaceId, string Key, string[] PersonIds, string MemoryPerson,
        int Repetitions, CancellationToken CancellationToken)
    {
        public int Persons => PersonIds.Length;
    }

    private sealed record HttpFigures(double Baseline, double Resolve, double GetPerson, long Failed, long Replayed);

    private static async Task<HttpFigures> MeasureHttpAsync(Context context, PointQueryApp pointQuery, TimeSpan runTime)
    {
        using var apiClient = HttpLoad.NewClient(context.Api.BaseAddress, Connections);
        apiClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", context.Key);
        using var baselineClient = HttpLoad.NewClient(pointQuery.BaseAddress, Connections);
        // Every resolve names an identity not asked for before (emails, then handles), so no
        // request is answered by the key-less de-duplication instead of by a resolve.
        long nextResolve = 0, nextLookup = 0;
        HttpRequestMessage Resolve()
        {
            var n = Interlocked.Increment(ref nextResolve) - 1;
            var person = n % context.Persons;
            var body = n / context.Persons % 2 == 0
                ? $$"""{"email":"{{PeopleSeed.Email(person)}}"}"""
                : $$"""{"handle":"{{PeopleSeed.Handle(person)}}","type":"{{PeopleSeed.HandleType}}"}""";
            return new HttpRequestMessage(HttpMethod.Post, "api/person/resolve") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
        // Same host, key and pipeline without the POST path (body binding, de-duplication): locates where a resolve's time goes.
        long nextGet = 0;
        HttpRequestMessage GetPerson()
        {
            var person = (Interlocked.Increment(ref nextGet) - 1) * 7919 % context.Persons;
            return new HttpRequestMessage(HttpMethod.Get, "api/person/" + context.PersonIds[person]);
        }
        HttpRequestMessage Lookup()
        {
            var person = (Interlocked.Increment(ref nextLookup) - 1) * 7919 % context.Persons;
            return new HttpRequestMessage(HttpMethod.Get, "identity/" + Uri.EscapeDataString(PeopleSeed.Email(person)));
        }

        Console.WriteLine("1. resolve over HTTP vs minimal point-query endpoint: warming up…");
        var maxRequests = 2L * context.Persons;
        await HttpLoad.RunAsync(baselineClient, Lookup, Connections, maxRequests, TimeSpan.FromSeconds(2), context.CancellationToken);
        await HttpLoad.RunAsync(apiClient, Resolve, Connections, maxRequests, TimeSpan.FromSeconds(2), context.CancellationToken);
        var baseline = new List<double>();
        var resolve = new List<double>();
        var get = new List<double>();
        long failed = 0, replayed = 0;
        List<double>[] cpu = [[], [], []];
        for (var rep = 1; rep <= context.Repetitions; rep++)
        {
            var b = await HttpLoad.RunAsync(baselineClient, Lookup, Connections, maxRequests, runTime, context.CancellationToken);
            var r = await HttpLoad.RunAsync(apiClient, Resolve, Connections, maxRequests, runTime, context.CancellationToken);
            var g = await HttpLoad.RunAsync(apiClient, GetPerson, Connections, maxRequests, runTime, context.CancellationToken);
            baseline.Add(b.RequestsPerSecond);
            resolve.Add(r.RequestsPerSecond);
            get.Add(g.RequestsPerSecond);
            failed += b.Failed + r.Failed + g.Failed;
            replayed += r.Replayed;
            cpu[0].Add(b.CpuMicrosPerRequest);
            cpu[1].Add(r.CpuMicrosPerRequest);
            cpu[2].Add(g.CpuMicrosPerRequest);
            Console.WriteLine(Invariant($"  rep {rep}: point query {b.RequestsPerSecond,8:N0} req/s | resolve {r.RequestsPerSecond,8:N0} req/s ({r.Succeeded:N0} answered) | GET person {g.RequestsPerSecond,8:N0} req/s | {b.Failed + r.Failed + g.Failed} failed"));
            Console.WriteLine(Invariant($"         bench-process CPU per request: point query {b.CpuMicrosPerRequest:0} µs | resolve {r.CpuMicrosPerRequest:0} µs | GET person {g.CpuMicrosPerRequest:0} µs"));
        }
        Console.WriteLine(Invariant($"  median bench-process CPU per request: point query {Timings.Median(cpu[0]):0} µs | resolve {Timings.Median(cpu[1]):0} µs = {Timings.Median(cpu[1]) / Timings.Median(cpu[0]):0.00} × | GET person {Timings.Median(cpu[2]):0} µs = {Timings.Median(cpu[2]) / Timings.Median(cpu[0]):0.00} ×"));
        return new HttpFigures(Timings.Median(baseline), Timings.Median(resolve), Timings.Median(get), failed, replayed);
    }

    private sealed record InProcessFigures(double Resolve, double Raw);

    private static async Task<InProcessFigures> MeasureInProcessAsync(Context context)
    {
        const int Iterations = 2_000;
        var random = new Random(42);
        async Task ResolveOnce(int _)
        {
            var email = PeopleSeed.Email(random.NextInt64(context.Persons));
            await using var scope = context.Api.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(context.WorkspaceId);
            var resolve = scope.ServiceProvider.GetRequiredService<ResolvePerson>();
            var (identities, errors) = await resolve.NormalizeAsync(context.WorkspaceId,
                new ResolvePerson.Request([("email", email, "email")], null, null), context.CancellationToken);
            if (errors.Count > 0) throw new InvalidOperationException("A seeded email did not normalize.");
            // As the API's resolve route calls it: a request holds no transaction.
            var result = await resolve.HandleWithoutTransactionAsync(context.WorkspaceId, identities, null, null, context.CancellationToken);
            if (result.Created) throw new InvalidOperationException("Resolving a seeded identity created a person.");
        }
        async Task RawOnce(int _)
        {
            if (await PointQueryApp.LookupAsync(context.Servers.DataSource, context.WorkspaceId, PeopleSeed.Email(random.NextInt64(context.Persons)), context.CancellationToken) is null)
                throw new InvalidOperationException("A seeded identity was not found.");
        }

        Console.WriteLine("2. in-process resolve vs raw indexed lookup: warming up…");
        await Timings.SampleAsync(300, RawOnce, context.CancellationToken);
        await Timings.SampleAsync(300, ResolveOnce, context.CancellationToken);
        var resolveP50 = new List<double>();
        var rawP50 = new List<double>();
        for (var rep = 1; rep <= context.Repetitions; rep++)
        {
            var raw = await Timings.SampleAsync(Iterations, RawOnce, context.CancellationToken);
            var resolved = await Timings.SampleAsync(Iterations, ResolveOnce, context.CancellationToken);
            rawP50.Add(Timings.Median(raw));
            resolveP50.Add(Timings.Median(resolved));
            Console.WriteLine(Invariant($"  rep {rep}: raw lookup p50 {rawP50[^1] * 1000:0} µs, p99 {Timings.Percentile(raw, 99) * 1000:0} µs | resolve p50 {resolveP50[^1] * 1000:0} µs, p99 {Timings.Percentile(resolved, 99) * 1000:0} µs"));
        }
        return new InProcessFigures(Timings.Median(resolveP50), Timings.Median(rawP50));
    }

    private sealed record LatencyFigures(double P50, double P95, double EmbeddingShare = 0);

    private static async Task<LatencyFigures> MeasureMemoryAsync(Context context, IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        const int Iterations = 40;
        var embedMs = new List<double>();
        // The embedding generator answers recently embedded texts from a cache; every query here is
        // new text, so each sample pays for embedding it as a first-time query would.
        long nextQuery = 0;
        string FreshQuery(int i) =>
            Invariant($"{MemorySeed.Queries[i % MemorySeed.Queries.Length]} (question {Interlocked.Increment(ref nextQuery)})");
        async Task QueryOnce(int i)
        {
            await using var scope = context.Api.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(context.WorkspaceId);
            var query = scope.ServiceProvider.GetRequiredService<QueryMemory>();
            var ranked = await query.HandleAsync(context.MemoryPerson,
                new QueryMemory.Request(null, 10, null, FreshQuery(i)), context.CancellationToken);
            if (ranked.Count == 0 || ranked[0].Relevance is null)
                throw new InvalidOperationException("The memory query ranked nothing.");
        }
        // What the scan itself must fetch: every vector of the person, read raw.
        async Task FetchOnce(int _)
        {
            await using var command = context.Servers.DataSource.CreateCommand("SELECT id, vector FROM mem_embeddings WHERE person_id = $1");
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = context.MemoryPerson });
            await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
            var floats = 0;
            while (await reader.ReadAsync(context.CancellationToken))
                floats += reader.GetFieldValue<float[]>(1).Length;
            if (floats == 0) throw new InvalidOperationException("The memory person has no vectors.");
        }
        async Task EmbedOnce(int i) =>
            await embeddings.GenerateAsync(FreshQuery(i), cancellationToken: context.CancellationToken);

        Console.WriteLine("3. memory query with a query string: warming up…");
        await Timings.SampleAsync(10, QueryOnce, context.CancellationToken);
        var p50 = new List<double>();
        var p95 = new List<double>();
        var share = new List<double>();
        for (var rep = 1; rep <= context.Repetitions; rep++)
        {
            var embedded = await Timings.SampleAsync(Iterations, EmbedOnce, context.CancellationToken);
            var fetched = await Timings.SampleAsync(Iterations / 4, FetchOnce, context.CancellationToken);
            var queried = await Timings.SampleAsync(Iterations, QueryOnce, context.CancellationToken);
            p50.Add(Timings.Median(queried));
            p95.Add(Timings.Percentile(queried, 95));
            share.Add(Math.Min(1, Timings.Median(embedded) / Timings.Median(queried)));
            embedMs.AddRange(embedded);
            Console.WriteLine(Invariant($"  rep {rep}: query p50 {p50[^1]:0.0} ms, p95 {p95[^1]:0.0} ms | embedding alone p50 {Timings.Median(embedded):0.0} ms | raw fetch of the person's vectors p50 {Timings.Median(fetched):0.0} ms"));
        }
        return new LatencyFigures(Timings.Median(p50), Timings.Median(p95), Timings.Median(share));
    }

    private static async Task<LatencyFigures> MeasureSearchAsync(Context context, int iterations)
    {
        // Name prefix, surname, full name, misspelt name (fuzzy), email and handle prefixes.
        string[] queries = ["mar", "garcia", "maria garcia", "maria garsia", "person1234", "handle99"];
        var perQuery = queries.Select(_ => new List<double>()).ToArray();
        async Task SearchOnce(int i)
        {
            var started = Stopwatch.GetTimestamp();
            await using var scope = context.Api.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(context.WorkspaceId);
            var search = scope.ServiceProvider.GetRequiredService<SearchPersons>();
            var (found, _) = await search.HandleAsync(context.WorkspaceId, queries[i % queries.Length], 20, context.CancellationToken);
            if (found.Count == 0)
                throw new InvalidOperationException($"Search for query #{i % queries.Length} found nobody.");
            perQuery[i % queries.Length].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine("4. search: warming up…");
        await Timings.SampleAsync(queries.Length, SearchOnce, context.CancellationToken);
        var p50 = new List<double>();
        var p95 = new List<double>();
        for (var rep = 1; rep <= context.Repetitions; rep++)
        {
            var searched = await Timings.SampleAsync(iterations, SearchOnce, context.CancellationToken);
            p50.Add(Timings.Median(searched));
            p95.Add(Timings.Percentile(searched, 95));
            Console.WriteLine(Invariant($"  rep {rep}: search p50 {p50[^1]:0.0} ms, p95 {p95[^1]:0.0} ms, slowest {searched.Max():0.0} ms"));
        }
        Console.WriteLine("  median per query (warm-up included): " + string.Join(", ",
            queries.Select((q, i) => Invariant($"\"{q}\" {Timings.Median(perQuery[i]):0.0} ms"))));
        return new LatencyFigures(Timings.Median(p50), Timings.Median(p95));
    }

    private static async Task<(string WorkspaceId, string Key)> CreateWorkspaceAsync(BenchServers servers, CancellationToken cancellationToken)
    {
        await using var db = servers.CreateDbContext();
        var created = await new CreateWorkspace(db, TimeProvider.System)
            .HandleAsync("People bench", "people-bench", null, "US", "UTC", null, cancellationToken);
        return (created.Workspace.Id, created.Secret);
    }

    private static async Task<long> CountPersonsAsync(BenchServers servers, CancellationToken cancellationToken)
    {
        await using var command = servers.DataSource.CreateCommand("SELECT count(*) FROM persons");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    /// <summary><c>--only http,inprocess,memory,search</c> runs a subset while iterating; every phase by default.</summary>
    private static HashSet<string> Phases(string[] args)
    {
        string[] all = ["http", "inprocess", "memory", "search"];
        var i = Array.IndexOf(args, "--only");
        if (i < 0 || i + 1 >= args.Length) return [.. all];
        var chosen = args[i + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = chosen.Except(all).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException("Unknown phase for --only: " + string.Join(", ", unknown) + "; one or more of " + string.Join(", ", all) + ".");
        return chosen;
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
