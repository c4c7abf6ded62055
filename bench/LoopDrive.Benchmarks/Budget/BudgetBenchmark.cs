using System.Diagnostics;
using LoopDrive.Benchmarks.Events;
using LoopDrive.Benchmarks.People;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Common;
using LoopDrive.Core.Platform;
using Npgsql;

namespace LoopDrive.Benchmarks.Budget;

/// <summary>
/// <c>bench budget [--seconds N] [--rounds N] [--workers N] [--ledger-writers N]</c>: the allocator (10 channels × 10k posterior
/// samples, p95 against the 20 ms target, next to the deterministic optimizer), ledger transfers
/// against naive single-row inserts at the same concurrency in the same run, and batched
/// transfers per second. Own PostgreSQL; each worker owns a workspace so only the ledger's own
/// work is measured, not contention on one account. Next to the ratio: CPU per operation in this
/// process and in PostgreSQL for both sides (on a loaded machine a rate measures the neighbours as
/// much as the code), and where a single transfer's latency goes in the group commit.
/// </summary>
internal static class BudgetBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 3);
        var rounds = Option(args, "--rounds", 3);
        var workers = Option(args, "--workers", 16);
        var failed = false;

        var (bandit50, bandit95) = TimePlans("bandit", 10_000, 200);
        var (optimizer50, optimizer95) = TimePlans("optimizer", 10_000, 200);
        Console.WriteLine($"plan bandit 10 channels × 10k samples: p50 {bandit50:F2} ms, p95 {bandit95:F2} ms (target ≤ 20 ms) {(bandit95 <= 20 ? "OK" : "OVER")}");
        Console.WriteLine($"plan optimizer (baseline, no sampling): p50 {optimizer50:F2} ms, p95 {optimizer95:F2} ms; bandit/optimizer p95 = {bandit95 / optimizer95:F1}×");
        failed |= bandit95 > 20;

        await using var servers = await BenchServers.StartAsync();
        var dataSource = servers.DataSource;
        var accounts = await SetUpWorkspacesAsync(servers, workers);
        await using (var create = dataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS bench_naive (id text PRIMARY KEY, workspace_id text NOT NULL, amount bigint NOT NULL, created_at timestamptz NOT NULL)"))
            await create.ExecuteNonQueryAsync();

        var naiveInsert = async (int w, long i) =>
        {
            await using var insert = dataSource.CreateCommand("INSERT INTO bench_naive (id, workspace_id, amount, created_at) VALUES ($1, $2, 1, now())");
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Ids.New("nv") });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = accounts[w].Workspace });
            await insert.ExecuteNonQueryAsync();
        };
        // One ledger per worker, as a long-lived consumer holds one per scope; the measured call
        // is the ledger's write path, not setting up a DbContext.
        var contexts = Enumerable.Range(0, workers).Select(_ => servers.CreateDbContext()).ToArray();
        // The ledgers share one group commit, as every ledger of a process does through DI.
        var groupCommit = new LedgerGroupCommit(dataSource, TimeProvider.System, Option(args, "--ledger-writers", LedgerGroupCommit.DefaultWriters));
        var ledgers = contexts.Select(db => new BudgetLedger(db, dataSource, TimeProvider.System, groupCommit)).ToArray();
        using var profile = new GroupCommitProfile();
        var ledgerTransfer = profile.Timed(async (w, i) =>
        {
            var outcome = await ledgers[w].TransferAsync(Spend(accounts[w], Ids.New("tr")), CancellationToken.None);
            if (outcome.Status != TransferStatus.Ok) throw new InvalidOperationException($"transfer {outcome.Status}");
        });
        var cpu = await CpuMeter.ForAsync(dataSource, servers.Redis.Port, CancellationToken.None);
        var naiveCpu = new CpuSpent();
        var ledgerCpu = new CpuSpent();
        // Both sides warm up first (pooled connections, plan caches, JIT), then alternate in rounds,
        // so a change in the machine's load during the run falls on both alike.
        await RunForAsync(workers, 1, naiveInsert);
        await RunForAsync(workers, 1, ledgerTransfer);
        var naiveRates = new List<double>();
        var ledgerRates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            naiveRates.Add(await naiveCpu.MeasureAsync(cpu, () => RunForAsync(workers, seconds, naiveInsert)));
            profile.On = true;
            ledgerRates.Add(await ledgerCpu.MeasureAsync(cpu, () => RunForAsync(workers, seconds, ledgerTransfer)));
            profile.On = false;
        }
        var naive = Timings.Median(naiveRates);
        var ledgerRate = Timings.Median(ledgerRates);
        var ratio = ledgerRate / naive;
        Console.WriteLine($"single transfers, {workers} workers: ledger {ledgerRate:F0}/s vs naive single-row inserts {naive:F0}/s = {ratio:F2}× (medians of {rounds} alternating {seconds}-s rounds; target ≥ 0.5×) {(ratio >= 0.5 ? "OK" : "UNDER")}");
        failed |= ratio < 0.5;
        Console.WriteLine($"CPU per operation: ledger transfer {ledgerCpu}; naive insert {naiveCpu}");
        Console.WriteLine(profile.Summary());

        const int batchSize = 500;
        var batchWorkers = Math.Min(workers, 4);
        var batched = await RunForAsync(batchWorkers, seconds, async (w, i) =>
        {
            var batch = Enumerable.Range(0, batchSize).Select(_ => Spend(accounts[w], Ids.New("tr"))).ToList();
            var outcomes = await ledgers[w].TransferBatchAsync(batch, CancellationToken.None);
            if (outcomes.Any(o => o.Status != TransferStatus.Ok)) throw new InvalidOperationException("batched transfer refused");
        }) * batchSize;
        Console.WriteLine($"batched transfers ({batchSize} per round trip, {batchWorkers} workers): {batched:F0}/s (target ≥ 15,000/s) {(batched >= 15_000 ? "OK" : "UNDER")}; {batched / ledgerRate:F1}× single transfers");
        failed |= batched < 15_000;

        foreach (var db in contexts) await db.DisposeAsync();
        await CheckInvariantsAsync(dataSource);
        return failed ? 1 : 0;
    }

    /// <summary>CPU of this process and of PostgreSQL over measured rounds, per operation.</summary>
    private sealed class CpuSpent
    {
        private double _process;
        private double _database;
        private double _operations;

        public async Task<double> MeasureAsync(CpuMeter meter, Func<Task<double>> round)
        {
            var before = meter.Read();
            var clock = Stopwatch.StartNew();
            var rate = await round();
            var after = meter.Read();
            _operations += rate * clock.Elapsed.TotalSeconds;
            _process += after.Process - before.Process;
            _database += after.Database - before.Database;
            return rate;
        }

        public override string ToString() =>
            FormattableString.Invariant($"{_process * 1000 / _operations:F3} ms in the bench process + {_database * 1000 / _operations:F3} ms in PostgreSQL");
    }

    private sealed record WorkerAccounts(string Workspace, string Envelope, string Spent);

    private static LedgerTransfer Spend(WorkerAccounts a, string id) =>
        new(id, a.Workspace, a.Envelope, a.Spent, 1, TransferKinds.Spend, "alloc_bench", "email", LedgerType: "actual");

    private static (double P50, double P95) TimePlans(string strategy, int samples, int runs)
    {
        var channels = ChannelPriors.All.Keys.Take(10).ToArray();
        var input = new PlanInput(strategy,
            [new PlanObjective("upsell", 6, "roas", null, null), new PlanObjective("nurture", 4, "conversions", null, null)],
            new PlanConstraints(5_000_000, "monthly", 10_000, null, new Dictionary<string, long>(), 0.5, [], null, 10),
            channels.Select((c, i) => (c, i)).Where(x => x.i % 3 != 0).ToDictionary(x => x.c, x => new ChannelOutcomes(200_000 + 10_000 * x.i, 900_000, 9_000, 150 + x.i * 10, 600_000)),
            channels.ToDictionary(c => c, _ => 100_000L),
            Samples: samples);
        for (var i = 0; i < 20; i++) BudgetPlanner.Plan(input with { Seed = i });
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = BudgetPlanner.Plan(input with { Seed = 100 + i });
            times[i] = clock.Elapsed.TotalMilliseconds;
            if (result.Plan is null) throw new InvalidOperationException("benchmark plan refused: " + result.Refusal);
        }
        Array.Sort(times);
        return (times[runs / 2], times[(int)(runs * 0.95)]);
    }

    private static async Task<WorkerAccounts[]> SetUpWorkspacesAsync(BenchServers servers, int count)
    {
        var result = new WorkerAccounts[count];
        for (var w = 0; w < count; w++)
        {
            await using var db = servers.CreateDbContext();
            var created = await new CreateWorkspace(db, TimeProvider.System).HandleAsync($"bench-budget-{w}", $"bench-budget-{w}", null, "US", "UTC", null, CancellationToken.None);
            var ws = created.Workspace.Id;
            await new EnsureWallet(db, TimeProvider.System).HandleAsync(ws, CancellationToken.None);
            var ledger = new BudgetLedger(db, servers.DataSource, TimeProvider.System);
            var accounts = new WorkerAccounts(ws, LedgerAccounts.Envelope("alloc_bench_" + w, "email"), LedgerAccounts.Spent(ws, "email"));
            await ledger.EnsureAccountsAsync(ws, [(accounts.Envelope, LedgerAccountKinds.Envelope, "alloc_bench_" + w, "email"), (accounts.Spent, LedgerAccountKinds.Spent, null, "email")], CancellationToken.None);
            await ledger.TransferAsync(new LedgerTransfer(Ids.New("tr"), ws, LedgerAccounts.Clearing(ws), LedgerAccounts.Wallet(ws), 1_000_000_000_000, TransferKinds.TopUp, WalletTxType: "credit"), CancellationToken.None);
            await ledger.TransferAsync(new LedgerTransfer(Ids.New("tr"), ws, LedgerAccounts.Wallet(ws), accounts.Envelope, 1_000_000_000_000, TransferKinds.Reserve, WalletTxType: "debit"), CancellationToken.None);
            result[w] = accounts;
        }
        return result;
    }

    /// <summary>Operations per second over the window, all workers together.</summary>
    private static async Task<double> RunForAsync(int workers, int seconds, Func<int, long, Task> operation)
    {
        var deadline = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(seconds);
        var counts = new long[workers];
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            while (deadline.Elapsed < window) await operation(w, counts[w]++);
        })));
        return counts.Sum() / deadline.Elapsed.TotalSeconds;
    }

    private static async Task CheckInvariantsAsync(NpgsqlDataSource dataSource)
    {
        await using var check = dataSource.CreateCommand(
            "SELECT (SELECT coalesce(sum(balance), 0) FROM budget_accounts), (SELECT count(*) FROM budget_accounts WHERE NOT allow_negative AND balance < 0)");
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"after the run: sum of all balances {reader.GetDecimal(0)} (must be 0), accounts below zero {reader.GetInt64(1)} (must be 0)");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
