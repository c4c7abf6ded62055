using System.Text.Json;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Core.People;

/// <summary>
/// Stores a memory and embeds its text. The memory is saved even when embedding fails; its
/// vector stays empty and <see cref="EmbedPendingMemories"/> fills it in later.
/// </summary>
public sealed class AddMemory(
    LoopDriveDbContext db,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TimeProvider clock,
    ILogger<AddMemory> logger)
{
    public sealed record Request(string Kind, string Text, double? Confidence, string? Metadata, string? SourceEventId, DateTimeOffset? ExpiresAt, bool? UsableInCopy);

    public async Task<MemEmbedding> HandleAsync(Person person, Request request, CancellationToken cancellationToken)
    {
        var memory = AddMemories.NewMemory(person, request, clock.GetUtcNow(), clock);
        try
        {
            var embedding = await embeddings.GenerateAsync(request.Text, cancellationToken: cancellationToken);
            memory.Vector = embedding.Vector.ToArray();
            memory.ModelId = embedding.ModelId;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Kept without a vector: the background embedder retries it. The text is not logged.
            logger.LogWarning(e, "Embedding memory {MemoryId} failed; stored for a retry", memory.Id);
        }
        db.MemEmbeddings.Add(memory);
        await db.SaveChangesAsync(cancellationToken);
        return memory;
    }

    /// <summary>Objections and complaints are known to the loop but not quoted back to the person unless allowed.</summary>
    public static bool DefaultUsableInCopy(string kind, string? metadata)
    {
        if (kind == "objection") return false;
        if (metadata is null) return true;
        using var document = JsonDocument.Parse(metadata);
        return !(document.RootElement.ValueKind == JsonValueKind.Object
                 && document.RootElement.TryGetProperty("intent", out var intent)
                 && intent.ValueKind == JsonValueKind.String
                 && intent.GetString() == "complaint");
    }
}
