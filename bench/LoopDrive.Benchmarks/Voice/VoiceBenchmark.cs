using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LoopDrive.Benchmarks.People;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Common;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Brands;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Guardrails;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Benchmarks.Voice;

/// <summary>
/// <c>bench voice</c>: the offline compose path for one person (retrieval + snippets + render +
/// template writer + guardrails + record) against the raw memory query it contains, compose
/// throughput across many people against memory-query throughput at the same concurrency, and the guardrail pass over
/// 2,000 characters against a plain regex pass over the same text. Prints three example
/// compositions for the demo brand. Options: <c>--iterations N</c> (200), <c>--seconds N</c> (8), <c>--workers N</c> (cores), <c>--people N</c> (1500, more than the throughput run composes, so nobody is composed for twice).
/// </summary>
public static class VoiceBenchmark
{
    private const double ComposeP95TargetMs = 150;
    private const double ComposesPerSecondTarget = 50;
    private const double GuardrailP95TargetMs = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(Option(args, "--budget-minutes", 5)));
        var iterations = Option(args, "--iterations", 200);
        var seconds = Option(args, "--seconds", 8);
        var workers = Option(args, "--workers", Environment.ProcessorCount);
        var token = stop.Token;
        Console.WriteLine(Invariant($"voice benchmark: {iterations} sequential composes, {seconds} s throughput runs with {workers} workers, {Environment.ProcessorCount} cores"));

        await using var servers = await BenchServers.StartAsync();
        using var api = ApiHost.Start(servers);
        var (workspaceId, personId, brand) = await SeedAsync(api.Services, servers, token);

        // 1. Offline compose latency vs the raw memory query it runs.
        var memoryRequest = new QueryMemory.Request(null, 3, 0.3, ShippedGoal("demo_book"), OnlyUsableInCopy: true);
        for (var i = 0; i < 20; i++)
        {
            await ComposeAsync(api.Services, workspaceId, personId, brand.Id, "email", "demo_book", i, token);
            await QueryAsync(api.Services, workspaceId, personId, memoryRequest, token);
        }
        var compose = await Sample(iterations, i => ComposeAsync(api.Services, workspaceId, personId, brand.Id, Channels[i % 3], "demo_book", i, token));
        var query = await Sample(iterations, _ => QueryAsync(api.Services, workspaceId, personId, memoryRequest, token));

        // 2. Sustained throughput at the same concurrency, across many people: each has their own
        // name, memories and pair of topics, so the embedding cache helps only where people really
        // share text (an objective with the same topics), never by composing for one person again.
        var crowd = await SeedCrowdAsync(api.Services, workspaceId, Option(args, "--people", 1500), token);
        var composesPerSecond = await ThroughputAsync(workers, TimeSpan.FromSeconds(seconds), i => ComposeAsync(api.Services, workspaceId, crowd[i % crowd.Count], brand.Id, Channels[i % 3], "nurture", i, token), token);
        var queriesPerSecond = await ThroughputAsync(workers, TimeSpan.FromSeconds(seconds), _ => QueryAsync(api.Services, workspaceId, personId, memoryRequest, token), token);

        // 3. Guardrails over 2,000 characters vs one plain regex pass over the same text.
        var text = GuardrailText(2_000);
        var context = new GuardrailContext(BrandProfile.From(brand), "email", Marketing: true);
        for (var i = 0; i < 200; i++) GuardrailEngine.Check(text, context);
        var guardrail = SampleSync(2_000, () => GuardrailEngine.Check(text, context));
        var plain = new Regex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|https?://\S+|\b\d{3}-\d{2}-\d{4}\b", RegexOptions.Compiled);
        var regex = SampleSync(2_000, () => plain.Matches(text).Count);

        Console.WriteLine();
        Console.WriteLine(Invariant($"offline compose p95 = {P(compose, 95):0.0} ms, p50 = {P(compose, 50):0.0} ms = {P(compose, 95) / P(query, 95):0.0} × raw memory query p95 ({P(query, 95):0.0} ms, p50 {P(query, 50):0.0} ms) over {iterations} calls (target p95 ≤ {ComposeP95TargetMs} ms: {Verdict(P(compose, 95) <= ComposeP95TargetMs)})"));
        Console.WriteLine(Invariant($"offline compose throughput = {composesPerSecond:0.0} composes/s = {composesPerSecond / queriesPerSecond:0.00} × memory queries/s ({queriesPerSecond:0.0}) across {crowd.Count} people with {workers} workers for {seconds} s (target ≥ {ComposesPerSecondTarget}: {Verdict(composesPerSecond >= ComposesPerSecondTarget)})"));
        Console.WriteLine(Invariant($"guardrail check of {text.Length:N0} chars p95 = {P(guardrail, 95):0.000} ms, p50 = {P(guardrail, 50):0.000} ms = {P(guardrail, 95) / P(regex, 95):0.0} × one plain regex pass p95 ({P(regex, 95):0.000} ms) (target p95 ≤ {GuardrailP95TargetMs} ms: {Verdict(P(guardrail, 95) <= GuardrailP95TargetMs)})"));

        Console.WriteLine();
        Console.WriteLine("three compositions for the demo brand:");
        foreach (var (channel, objective) in new[] { ("email", "demo_book"), ("sms", "winback"), ("instagram", "nurture") })
        {
            var result = await ComposeAsync(api.Services, workspaceId, personId, brand.Id, channel, objective, 7, token);
            Console.WriteLine($"--- {channel} / {objective} (source {result.Meta.Source}, {result.Meta.LatencyMs} ms, memories {string.Join(",", result.Metadata.MemoriesUsed)}, snippets {string.Join(",", result.Metadata.SnippetsUsed)}, safe {result.Metadata.GuardrailResults[0].Safe})");
            if (result.Primary.Subject is { } subject) Console.WriteLine("Subject: " + subject);
            Console.WriteLine(result.Primary.Body);
            if (result.Primary.Ps is { } ps) Console.WriteLine(ps);
        }
        return 0;
    }

    private static readonly string[] Channels = ["email", "sms", "instagram"];

    private static string ShippedGoal(string objective) => Core.Voice.Prompts.ShippedPromptPacks.Goal(objective);

    private static async Task<ComposeResult> ComposeAsync(IServiceProvider services, string workspaceId, string personId, string brandId,
        string channel, string objective, int seed, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
        var outcome = await scope.ServiceProvider.GetRequiredService<ComposeMessage>().HandleAsync(
            new ComposeInput(brandId, channel, objective, personId, new ComposeConstraints(MaxVariants: 2), "preview", Seed: seed), cancellationToken);
        return outcome is ComposeOutcome.Composed composed
            ? composed.Result
            : throw new InvalidOperationException($"compose answered {outcome.GetType().Name}");
    }

    private static async Task QueryAsync(IServiceProvider services, string workspaceId, string personId, QueryMemory.Request request, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
        var ranked = await scope.ServiceProvider.GetRequiredService<QueryMemory>().HandleAsync(personId, request, cancellationToken);
        if (ranked.Count == 0) throw new InvalidOperationException("the memory query found nothing: the seed did not embed");
    }

    private static async Task<(string WorkspaceId, string PersonId, Brand Brand)> SeedAsync(IServiceProvider services, BenchServers servers, CancellationToken cancellationToken)
    {
        string workspaceId;
        await using (var db = servers.CreateDbContext())
            workspaceId = (await new CreateWorkspace(db, TimeProvider.System).HandleAsync("Demo", "voice-bench", null, "US", "UTC", null, cancellationToken)).Workspace.Id;

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
        var brand = await scope.ServiceProvider.GetRequiredService<SaveBrand>().CreateAsync(DemoBrand.Input("LoopDrive Demo"), cancellationToken);
        var db2 = scope.ServiceProvider.GetRequiredService<Core.Data.LoopDriveDbContext>();
        var now = DateTimeOffset.UtcNow;
        var person = new Person { Id = Ids.New(IdPrefixes.Person), WorkspaceId = workspaceId, FirstName = "Maya", LastName = "Okafor", CreatedAt = now, UpdatedAt = now };
        db2.Persons.Add(person);
        foreach (var channel in new[] { "email", "sms", "instagram" })
            db2.Consents.Add(new Consent { Id = Ids.New(IdPrefixes.Consent), WorkspaceId = workspaceId, PersonId = person.Id, Channel = channel, Scope = "marketing", Status = "granted", Source = "form", GrantedAt = now, CreatedAt = now });
        db2.Topics.Add(new Topic { Id = Ids.New(IdPrefixes.Topic), WorkspaceId = workspaceId, PersonId = person.Id, Name = "invoice reminders", Weight = 0.9, Source = "inferred", LastSeen = now, CreatedAt = now, UpdatedAt = now });
        db2.Topics.Add(new Topic { Id = Ids.New(IdPrefixes.Topic), WorkspaceId = workspaceId, PersonId = person.Id, Name = "team scheduling", Weight = 0.5, Source = "inferred", LastSeen = now, CreatedAt = now, UpdatedAt = now });
        await db2.SaveChangesAsync(cancellationToken);

        var addMemory = scope.ServiceProvider.GetRequiredService<AddMemory>();
        foreach (var (kind, text) in new[]
        {
            ("intent", "Wants to see how automatic invoice reminders work before the busy season"),
            ("preference", "Prefers short messages early in the morning"),
            ("fact", "Runs a 12-person landscaping company"),
            ("objection", "Worried the price is too high for a small team"),
            ("fact", "Sends about 40 invoices a month by hand"),
        })
            await addMemory.HandleAsync(person, new AddMemory.Request(kind, text, 0.9, null, null, null, null), cancellationToken);

        var library = scope.ServiceProvider.GetRequiredService<Core.Voice.Snippets.SnippetLibrary>();
        foreach (var (channel, objective, usage, text) in new[]
        {
            ("email", "demo_book", "subject", "Maya, see your invoice reminders run themselves"),
            ("email", "demo_book", "subject", "15 minutes to a quieter month-end"),
            ("email", "demo_book", "opening", "Month-end should not mean a weekend of chasing invoices."),
            ("email", "demo_book", "cta", "Pick a 15-minute slot"),
            ("email", "demo_book", "ps", "P.S. Bring one real invoice; we will set it up live."),
            ("sms", "winback", "opening", "We kept your settings just as you left them."),
            ("sms", "winback", "cta", "Pick up where you left off"),
            ("instagram", "nurture", "opening", "Saw your crew's spring projects, they look great."),
            ("instagram", "nurture", "cta", "Want the two-minute version?"),
        })
            await library.CreateAsync(brand.Id, channel, objective, text, usage, null, cancellationToken);
        return (workspaceId, person.Id, brand);
    }

    private static readonly string[] CrowdNames = ["Ana", "Bilal", "Chen", "Dara", "Emeka", "Freya", "Goran", "Hana", "Ines", "Jomo", "Kai", "Lena"];
    private static readonly string[] CrowdTopics = ["invoice reminders", "team scheduling", "payroll", "expense tracking", "client portal", "tax season", "cash flow", "quotes"];
    private static readonly string[] CrowdTrades = ["landscaping", "plumbing", "bakery", "design studio", "cleaning", "roofing", "catering", "bookkeeping"];

    /// <summary>People with consent on every channel, two of eight topics each and two memories of their own.</summary>
    private static async Task<List<string>> SeedCrowdAsync(IServiceProvider services, string workspaceId, int count, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.LoopDriveDbContext>();
        var now = DateTimeOffset.UtcNow;
        var people = new List<Person>(count);
        for (var i = 0; i < count; i++)
        {
            var person = new Person { Id = Ids.New(IdPrefixes.Person), WorkspaceId = workspaceId, FirstName = CrowdNames[i % CrowdNames.Length], LastName = "Crowd" + i, CreatedAt = now, UpdatedAt = now };
            people.Add(person);
            db.Persons.Add(person);
            foreach (var channel in Channels)
                db.Consents.Add(new Consent { Id = Ids.New(IdPrefixes.Consent), WorkspaceId = workspaceId, PersonId = person.Id, Channel = channel, Scope = "marketing", Status = "granted", Source = "form", GrantedAt = now, CreatedAt = now });
            foreach (var (topic, weight) in new[] { (CrowdTopics[i % CrowdTopics.Length], 0.9), (CrowdTopics[(i + 1 + i / CrowdTopics.Length % (CrowdTopics.Length - 1)) % CrowdTopics.Length], 0.5) })
                db.Topics.Add(new Topic { Id = Ids.New(IdPrefixes.Topic), WorkspaceId = workspaceId, PersonId = person.Id, Name = topic, Weight = weight, Source = "inferred", LastSeen = now, CreatedAt = now, UpdatedAt = now });
        }
        await db.SaveChangesAsync(cancellationToken);

        var addMemory = scope.ServiceProvider.GetRequiredService<AddMemory>();
        for (var i = 0; i < people.Count; i++)
        {
            var trade = CrowdTrades[i % CrowdTrades.Length];
            await addMemory.HandleAsync(people[i], new AddMemory.Request("fact", $"Runs a {4 + i % 37}-person {trade} business and sends about {10 + i} invoices a month", 0.9, null, null, null, null), cancellationToken);
            await addMemory.HandleAsync(people[i], new AddMemory.Request("intent", $"Wants {CrowdTopics[i % CrowdTopics.Length]} sorted before month {1 + i % 12} closes", 0.9, null, null, null, null), cancellationToken);
        }
        return [.. people.Select(p => p.Id)];
    }

    private static string GuardrailText(int length)
    {
        const string paragraph = "Hi Maya, thanks for trying the new dashboard. Your team can schedule reminders in a few clicks, and it is simple to " +
            "see what is still open. Call us at (415) 555-0123 or visit https://loopdrive.example/help for a walkthrough. We would love to hear " +
            "what you think, so reply any time. Act now and save time together with your team. ";
        var text = string.Concat(Enumerable.Repeat(paragraph, length / paragraph.Length + 1));
        return text[..length];
    }

    private static async Task<List<double>> Sample(int iterations, Func<int, Task> operation)
    {
        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(i);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }

    private static List<double> SampleSync(int iterations, Func<object> operation)
    {
        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            GC.KeepAlive(operation());
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }

    private static async Task<double> ThroughputAsync(int workers, TimeSpan duration, Func<int, Task> operation, CancellationToken cancellationToken)
    {
        long done = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var i = w * 1_000_000;
            while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                await operation(i++);
                Interlocked.Increment(ref done);
            }
        }, cancellationToken)));
        return done / watch.Elapsed.TotalSeconds;
    }

    private static double P(List<double> samples, double percentile) => Timings.Percentile(samples, percentile);

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
