using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace LoopDrive.Core.People;

/// <summary>Embeds memories stored without a vector (their first embedding failed). Run periodically by the workers.</summary>
public sealed class EmbedPendingMemories(LoopDriveDbContext db, IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    public async Task<int> HandleAsync(int batchSize, CancellationToken cancellationToken)
    {
        var pending = await db.MemEmbeddings.Where(m => m.Vector == null)
            .OrderBy(m => m.CreatedAt).Take(batchSize).ToListAsync(cancellationToken);
        if (pending.Count == 0) return 0;
        var generated = await embeddings.GenerateAsync(pending.Select(m => m.Text), cancellationToken: cancellationToken);
        for (var i = 0; i < pending.Count; i++)
        {
            pending[i].Vector = generated[i].Vector.ToArray();
            pending[i].ModelId = generated[i].ModelId;
        }
        await db.SaveChangesAsync(cancellationToken);
        return pending.Count;
    }
}
