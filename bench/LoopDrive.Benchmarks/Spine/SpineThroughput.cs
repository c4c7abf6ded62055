using System.Diagnostics;
using System.Text.Json;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoopDrive.Benchmarks.Spine;

internal sealed record ThroughputResult(double MessagesPerSecond, double ProducedPerSecond, double ProcessCpuMicrosPerMessage, int HandledOnce, int HandledTwiceOrMore);

/// <summary>
/// End to end: producers commit pings with their outbox rows (100 per transaction, as a bulk API
/// call would), while the relay and the consumer (inbox + effect in one transaction) run.
/// Measured from the first commit to the last effect committed. The outbox rows are what
/// <see cref="Outbox"/> writes; only the insert is set-based, so the load generator takes little
/// of the CPU the spine is measured on.
/// </summary>
internal static class SpineThroughput
{
    private const int PerTransaction = 100;
    private const int Producers = 2;

    public static async Task<ThroughputResult> RunAsync(
        IServiceProvider services, BenchServers servers, HandlerStarts starts, int count, CancellationToken cancellationToken)
    {
        starts.Clear();
        var workspace = Ids.New(IdPrefixes.Workspace);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var batch = p; batch * PerTransaction < count; batch += Producers)
                await ProduceAsync(servers, workspace, Math.Min(PerTransaction, count - batch * PerTransaction), cancellationToken);
        }, cancellationToken)).ToArray();
        await Task.WhenAll(producers);
        var produced = clock.Elapsed;

        while (starts.Count < count)
            await Task.Delay(2, cancellationToken);
        // Every handler has started; the last transactions commit within milliseconds.
        (int Once, int More) handled;
        while ((handled = await CountHandledAsync(servers, workspace, cancellationToken)).Once + handled.More < count)
            await Task.Delay(5, cancellationToken);
        clock.Stop();
        process.Refresh();
        var cpuMicros = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / count;

        return new ThroughputResult(count / clock.Elapsed.TotalSeconds, count / produced.TotalSeconds, cpuMicros, handled.Once, handled.More);
    }

    private static async Task ProduceAsync(BenchServers servers, string workspace, int n, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var pingIds = new string[n];
        var messageIds = new string[n];
        var payloads = new string[n];
        for (var i = 0; i < n; i++)
        {
            pingIds[i] = Ids.New(IdPrefixes.Ping);
            messageIds[i] = Ids.New(IdPrefixes.Message);
            payloads[i] = JsonSerializer.Serialize(new PingRequested(pingIds[i], workspace), Outbox.Json);
        }
        await using var connection = await servers.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var pings = new NpgsqlCommand(
            "INSERT INTO ops_pings (id, workspace_id, created_at, handled_count) SELECT id, $2, $3, 0 FROM unnest($1::text[]) AS id",
            connection, transaction))
        {
            pings.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = pingIds });
            pings.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workspace });
            pings.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await pings.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var outbox = new NpgsqlCommand(
            "INSERT INTO outbox (message_id, stream, type, payload, workspace_id, created_at, attempts) "
            + "SELECT m, $3, $4, p::jsonb, $5, $6, 0 FROM unnest($1::text[], $2::text[]) AS x(m, p)",
            connection, transaction))
        {
            outbox.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = messageIds });
            outbox.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = payloads });
            outbox.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StreamNames.OpsPing });
            outbox.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nameof(PingRequested) });
            outbox.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workspace });
            outbox.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<(int Once, int More)> CountHandledAsync(BenchServers servers, string workspace, CancellationToken cancellationToken)
    {
        await using var db = servers.CreateDbContext();
        var counts = await db.OpsPings.Where(p => p.WorkspaceId == workspace && p.HandledCount > 0)
            .GroupBy(p => p.HandledCount == 1)
            .Select(g => new { Once = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return (counts.Where(c => c.Once).Sum(c => c.Count), counts.Where(c => !c.Once).Sum(c => c.Count));
    }
}
