using System.Numerics.Tensors;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace LoopDrive.Core.People;

/// <summary>
/// A person's memories: newest first, or — with a query — ranked by cosine similarity between
/// the query's embedding and each memory's, computed exactly in process (DESIGN.md §3; the
/// candidates are one person's memories, so an exact scan is both correct and fast).
/// </summary>
public sealed class QueryMemory(
    LoopDriveDbContext db, WorkspaceContext workspace, PersonMemoryVectors vectors,
    IEmbeddingGenerator<string, Embedding<float>> embeddings, TimeProvider clock)
{
    public sealed record Request(IReadOnlyList<string>? Kinds, int Limit, double? MinConfidence, string? Query, bool OnlyUsableInCopy = false);

    public sealed record Ranked(MemEmbedding Memory, double? Relevance);

    public async Task<IReadOnlyList<Ranked>> HandleAsync(string personId, Request request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var candidates = db.MemEmbeddings.AsNoTracking()
            .Where(m => m.PersonId == personId && (m.ExpiresAt == null || m.ExpiresAt > now));
        if (request.Kinds is { Count: > 0 } kinds)
            candidates = candidates.Where(m => kinds.Contains(m.Kind));
        if (request.MinConfidence is { } min)
            candidates = candidates.Where(m => (m.Confidence ?? 1.0) >= min);
        if (request.OnlyUsableInCopy)
            candidates = candidates.Where(m => m.UsableInCopy);

        if (string.IsNullOrWhiteSpace(request.Query))
        {
            var newest = await candidates.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Take(request.Limit).ToListAsync(cancellationToken);
            return [.. newest.Select(m => new Ranked(m, null))];
        }

        var query = await embeddings.GenerateAsync(request.Query, cancellationToken: cancellationToken);
        // Only vectors made by the same model are comparable.
        var snapshot = await vectors.GetAsync(db, workspace.RequiredWorkspaceId, personId, query.ModelId ?? "", cancellationToken);
        if (snapshot is null || snapshot.Dimensions != query.Vector.Length) return [];
        // The copy is as current as the memory version just read, so its rows answer without another query.
        return [.. Rank(snapshot, query.Vector.Span, request, now)
            .Select(t => new Ranked(snapshot.Memory(t.Index), Math.Round(Math.Clamp(t.Score, 0, 1), 6)))];
    }

    /// <summary>The best <c>Limit</c> memories passing the request's filters, by cosine similarity (vectors are unit length).</summary>
    private static List<(int Index, double Score)> Rank(PersonMemoryVectors.Snapshot snapshot, ReadOnlySpan<float> query, Request request, DateTimeOffset now)
    {
        var norm = TensorPrimitives.Norm(query);
        var kinds = request.Kinds is { Count: > 0 } k ? new HashSet<string>(k, StringComparer.Ordinal) : null;
        // A min-heap of the best so far: the root is the weakest of them, replaced when beaten.
        var best = new PriorityQueue<(int Index, double Score), (double Score, string Id)>(
            request.Limit + 1, Comparer<(double Score, string Id)>.Create(static (a, b) =>
                a.Score != b.Score ? a.Score.CompareTo(b.Score) : string.CompareOrdinal(b.Id, a.Id)));
        for (var i = 0; i < snapshot.Count; i++)
        {
            if (snapshot.ExpiresAt[i] is { } expires && expires <= now) continue;
            if (kinds is not null && !kinds.Contains(snapshot.Kinds[i])) continue;
            if (request.MinConfidence is { } min && snapshot.Confidence[i] < min) continue;
            if (request.OnlyUsableInCopy && !snapshot.UsableInCopy[i]) continue;
            var score = norm > 0 ? TensorPrimitives.Dot(query, snapshot.Vector(i)) / norm : 0;
            // Most memories lose to the weakest of a full heap; only a tie needs the id to decide.
            if (best.Count == request.Limit && best.TryPeek(out _, out var weakest) && score < weakest.Score) continue;
            best.Enqueue((i, score), (score, snapshot.Ids[i]));
            if (best.Count > request.Limit) best.Dequeue();
        }
        var top = new List<(int Index, double Score)>(best.Count);
        while (best.TryDequeue(out var item, out _)) top.Add(item);
        top.Reverse();
        return top;
    }
}
