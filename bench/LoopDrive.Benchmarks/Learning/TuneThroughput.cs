using System.Diagnostics;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Contracts.Learning;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Learning;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Voice;
using LoopDrive.Infrastructure.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Benchmarks.Learning;

/// <summary>
/// <c>learning.tune</c>'s effect in the shape the stream consumer runs it with the default Spine
/// settings: reads of <see cref="SpineOptions.ConsumerBatchSize"/> entries, each split into up to
/// <see cref="SpineOptions.ConsumerConcurrency"/> transactions run at once (with their inbox rows),
/// and <see cref="SpineOptions.ConsumerReadAhead"/> reads in flight. The floor is the same
/// transactions writing only the inbox rows.
/// </summary>
internal static class TuneThroughput
{
    private static readonly SpineOptions Defaults = new();
    private static int BatchSize => Defaults.ConsumerBatchSize;

    /// <param name="concurrency">Transactions per read (the consumer's <c>Spine:ConsumerConcurrency</c>); 1 with <paramref name="readAhead"/> 1 is one transaction per read, one at a time.</param>
    public static async Task<(double Tune, double Floor)> MeasureAsync(int outcomes, int concurrency, int readAhead)
    {
        await using var servers = await BenchServers.StartAsync();
        var (workspaceId, batches) = await SeedAsync(servers, outcomes);

        var floor = await TimeAsync(servers, workspaceId, batches, concurrency, readAhead, "floor", (_, _) => Task.CompletedTask);
        var tune = await TimeAsync(servers, workspaceId, batches, concurrency, readAhead, "tune", async (db, batch) =>
        {
            var context = new WorkspaceContext();
            context.Set(workspaceId);
            var apply = new ApplyOutcomes(db, new TuneStore(db, TimeProvider.System), Options.Create(new LearningOptions()), context,
                TimeProvider.System, NullLogger<ApplyOutcomes>.Instance);
            await apply.HandleAsync([.. batch.Select(o => (o, DateTimeOffset.UtcNow))], CancellationToken.None);
        });
        return (tune, floor);
    }

    private static async Task<double> TimeAsync(BenchServers servers, string workspaceId, List<List<LearningOutcomeObserved>> batches, int concurrency,
        int readAhead, string consumer, Func<LoopDriveDbContext, List<LearningOutcomeObserved>, Task> effect)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        // Reads in flight together, each split as the consumer splits it (at least 8 entries per transaction).
        foreach (var reads in batches.Chunk(Math.Max(1, readAhead)))
        {
            var transactions = reads.SelectMany(read =>
            {
                var parts = Math.Clamp(read.Count / 8, 1, Math.Max(1, concurrency));
                return read.Chunk((read.Count + parts - 1) / parts).Select(c => c.ToList());
            });
            await Task.WhenAll(transactions.Select(part => CommitAsync(servers, workspaceId, consumer, part, effect)));
            count += reads.Sum(r => r.Count);
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task CommitAsync(BenchServers servers, string workspaceId, string consumer, List<LearningOutcomeObserved> batch,
        Func<LoopDriveDbContext, List<LearningOutcomeObserved>, Task> effect)
    {
        var context = new WorkspaceContext();
        context.Set(workspaceId);
        await using var db = new LoopDriveDbContext(new DbContextOptionsBuilder<LoopDriveDbContext>().UseNpgsql(servers.DatabaseConnectionString).Options, context);
        await using var tx = await db.Database.BeginTransactionAsync();
        await effect(db, batch);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO processed_messages (consumer, message_id, processed_at) SELECT @c, unnest(@ids), now()",
            new NpgsqlParameter("c", "bench." + consumer), new NpgsqlParameter("ids", batch.Select(o => o.EventId).ToArray()));
        await tx.CommitAsync();
    }

    /// <summary>A workspace with people, sends composed with four snippets, and outcomes for them: a delivery each and a click for about one in four.</summary>
    private static async Task<(string WorkspaceId, List<List<LearningOutcomeObserved>> Batches)> SeedAsync(BenchServers servers, int outcomes)
    {
        await using var db = servers.CreateDbContext();
        var workspace = (await new CreateWorkspace(db, TimeProvider.System).HandleAsync("loop", "loop", null, "US", "UTC", null, CancellationToken.None)).Workspace;
        var now = DateTimeOffset.UtcNow;
        var sendCount = Math.Max(1, outcomes * 4 / 5);
        var personCount = Math.Max(1, sendCount / 10);
        var persons = Enumerable.Range(0, personCount).Select(i => new Person { Id = $"per_b{i}", WorkspaceId = workspace.Id, CreatedAt = now, UpdatedAt = now }).ToList();
        var snippets = Enumerable.Range(0, 4).Select(i => new Snippet
        {
            Id = $"snip_b{i}", WorkspaceId = workspace.Id, BrandId = "brand_b", Channel = "email", Objective = "nurture", Text = "x", Usage = "opening",
            CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.AddRange(persons);
        db.AddRange(snippets);
        db.AddRange(persons.Select((p, i) => new Topic
        {
            Id = $"top_b{i}", WorkspaceId = workspace.Id, PersonId = p.Id, Name = "pricing", Weight = 0.3, Source = "declared", CreatedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        var random = new Random(1);
        var result = new List<LearningOutcomeObserved>();
        for (var start = 0; start < sendCount; start += 2000)
        {
            await using var chunk = servers.CreateDbContext();
            for (var i = start; i < Math.Min(sendCount, start + 2000); i++)
            {
                var person = persons[i % personCount].Id;
                var sentAt = now.AddMinutes(-i);
                chunk.Compositions.Add(new Composition
                {
                    Id = $"cmp_b{i}", WorkspaceId = workspace.Id, BrandId = "brand_b", PersonId = person, Channel = "email", Objective = "nurture", Purpose = "send",
                    Source = "template", Model = "template", PromptVersion = $"email_nurture@v{i % 2}", SnippetsUsed = [snippets[i % 4].Id], Messages = "[]",
                    Guardrails = "[]", CreatedAt = sentAt,
                });
                chunk.Sends.Add(new Send
                {
                    Id = $"snd_b{i}", WorkspaceId = workspace.Id, PersonId = person, Channel = "email", Purpose = "marketing", Status = "sent", BrandId = "brand_b",
                    CompositionId = $"cmp_b{i}", QueuedAt = sentAt, ScheduledFor = sentAt, SentAt = sentAt, UpdatedAt = sentAt,
                });
                result.Add(new LearningOutcomeObserved($"evt_bd{i}", workspace.Id, "email.delivered", person, "email", $"snd_b{i}", null, sentAt.AddSeconds(20)));
                if (random.NextDouble() < 0.25)
                    result.Add(new LearningOutcomeObserved($"evt_bc{i}", workspace.Id, "email.clicked", person, "email", $"snd_b{i}", null, sentAt.AddMinutes(30)));
            }
            await chunk.SaveChangesAsync();
        }
        // Outcomes arrive shuffled across sends, as a busy stream delivers them.
        var shuffled = result.Take(outcomes).OrderBy(_ => random.Next()).ToList();
        return (workspace.Id, [.. shuffled.Chunk(BatchSize).Select(c => c.ToList())]);
    }
}
