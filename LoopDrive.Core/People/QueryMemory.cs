using System.Numerics.Tensors;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace LoopDrive.Core.People;

/// <summary>
/// A person's memories: newest first, or — with a query — ranked by cosine similarity between
/// the query's embedding and each memory's, computed exactly in process (DESIGN.md §3; the
/// candidates are one person's memories, so an exact scan is both correct and fast).
/// </summary>
public sealed class QueryMemory(LoopDriveDbContext db, IEmbeddingGenerator<string, Embedding<float>> embeddings, TimeProvider clock)
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
        var modelId = query.ModelId;
        // Only vectors made by the same model are comparable; ids and vectors first, text only for the winners.
        var vectors = await candidates.Where(m => m.Vector != null && m.ModelId == modelId)
            .Select(m => new { m.Id, m.Vector }).ToListAsync(cancellationToken);
        var queryVector = query.Vector.ToArray();
        var top = vectors
            .Where(v => v.Vector!.Length == queryVector.Length)
            .Select(v => (v.Id, Score: (double)TensorPrimitives.CosineSimilarity(queryVector, v.Vector)))
            .OrderByDescending(v => v.Score).ThenBy(v => v.Id, StringComparer.Ordinal)
            .Take(request.Limit)
            .ToList();
        var ids = top.Select(t => t.Id).ToList();
        var rows = await db.MemEmbeddings.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        return [.. top.Select(t => new Ranked(rows[t.Id], Math.Round(Math.Clamp(t.Score, 0, 1), 6)))];
    }
}
