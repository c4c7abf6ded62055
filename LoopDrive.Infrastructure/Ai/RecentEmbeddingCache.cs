using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;

namespace LoopDrive.Infrastructure.Ai;

/// <summary>
/// Remembers the vectors of recently embedded texts in process, so a text met again (the same
/// objective and topics behind many people's memory queries, a brand's exemplars, a retried
/// classification) costs no model run or OpenAI call. Only the misses of a request go to the
/// inner generator, in one call, and the answer keeps the request's order. Bounded by
/// <c>Ai:EmbeddingCacheEntries</c>; vectors stay in memory only, never in logs or traces.
/// </summary>
public sealed class RecentEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner, int capacity)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public const string CapacityKey = "Ai:EmbeddingCacheEntries";
    public const int DefaultCapacity = 10_000;

    private readonly MemoryCache _recent = new(new MemoryCacheOptions { SizeLimit = capacity });

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        // A caller asking for other dimensions or another model gets exactly what it asked for.
        if (options is { Dimensions: not null } or { ModelId: not null } || capacity <= 0)
            return await base.GenerateAsync(texts, options, cancellationToken);

        var found = new Embedding<float>?[texts.Count];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_recent.TryGetValue(texts[i], out Embedding<float>? hit)) found[i] = hit;
            else missing.Add(i);
        }
        if (missing.Count > 0)
        {
            var distinct = missing.Select(i => texts[i]).Distinct(StringComparer.Ordinal).ToList();
            var generated = await base.GenerateAsync(distinct, options, cancellationToken);
            var byText = new Dictionary<string, Embedding<float>>(StringComparer.Ordinal);
            for (var j = 0; j < distinct.Count; j++)
            {
                byText[distinct[j]] = generated[j];
                _recent.Set(distinct[j], generated[j], new MemoryCacheEntryOptions { Size = 1 });
            }
            foreach (var i in missing) found[i] = byText[texts[i]];
        }
        return new GeneratedEmbeddings<Embedding<float>>(found!);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _recent.Dispose();
        base.Dispose(disposing);
    }
}
