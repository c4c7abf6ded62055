using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Core.People;

/// <summary>
/// <see cref="AddMemory"/> for many memories at once (intake's read batches): the texts are embedded
/// in one call and every memory is written by one save, so a batch of replies costs one round trip
/// of inserts instead of one per reply. The rules are <see cref="AddMemory"/>'s: a memory is kept
/// even when embedding fails (without a vector, for <see cref="EmbedPendingMemories"/> to fill in),
/// and objections and complaints are not usable in copy unless the request says so.
/// </summary>
public sealed partial class AddMemories(
    LoopDriveDbContext db,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TimeProvider clock,
    ILogger<AddMemories> logger)
{
    /// <summary>The memories in the order given, saved with whatever else the context tracks (it commits with the caller's transaction).</summary>
    public async Task<IReadOnlyList<MemEmbedding>> HandleAsync(IReadOnlyList<(Person Person, AddMemory.Request Request)> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return [];
        var now = clock.GetUtcNow();
        var memories = items.Select(item => NewMemory(item.Person, item.Request, now, clock)).ToList();
        try
        {
            var generated = await embeddings.GenerateAsync(memories.Select(m => m.Text), cancellationToken: cancellationToken);
            for (var i = 0; i < memories.Count; i++)
            {
                memories[i].Vector = generated[i].Vector.ToArray();
                memories[i].ModelId = generated[i].ModelId;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Kept without vectors: the background embedder retries them. The texts are not logged.
            LogEmbeddingFailed(logger, e, memories.Count);
        }
        db.MemEmbeddings.AddRange(memories);
        await db.SaveChangesAsync(cancellationToken);
        return memories;
    }

    /// <summary>A memory of <paramref name="person"/> as the request describes it, not yet embedded or saved.</summary>
    public static MemEmbedding NewMemory(Person person, AddMemory.Request request, DateTimeOffset now, TimeProvider clock) => new()
    {
        Id = Ids.New(IdPrefixes.Memory, clock),
        WorkspaceId = person.WorkspaceId,
        PersonId = person.Id,
        Kind = request.Kind,
        Text = request.Text,
        Confidence = request.Confidence ?? 1.0,
        Metadata = request.Metadata,
        SourceEventId = request.SourceEventId,
        ExpiresAt = request.ExpiresAt,
        UsableInCopy = request.UsableInCopy ?? AddMemory.DefaultUsableInCopy(request.Kind, request.Metadata),
        CreatedAt = now,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding {Count} memories failed; stored for a retry")]
    private static partial void LogEmbeddingFailed(ILogger logger, Exception exception, int count);
}
