using LoopDrive.Infrastructure.Ai;
using Microsoft.Extensions.AI;

namespace LoopDrive.FunctionalTests.Voice;

/// <summary>The in-process cache in front of the real MiniLM model: hits skip the model, answers keep their order and values.</summary>
public sealed class RecentEmbeddingCacheTests
{
    [Fact]
    public async Task A_text_met_again_is_answered_without_running_the_model_and_order_is_kept()
    {
        using var model = new CountingGenerator(new MiniLmEmbeddingGenerator());
        using var cache = new RecentEmbeddingCache(model, capacity: 100);

        var first = await cache.GenerateAsync(["invoice reminders", "team scheduling"]);
        var second = await cache.GenerateAsync(["payroll", "team scheduling", "payroll", "invoice reminders"]);

        Assert.Equal([2, 1], model.BatchSizes);
        Assert.Equal(first[1].Vector.ToArray(), second[1].Vector.ToArray());
        Assert.Equal(first[0].Vector.ToArray(), second[3].Vector.ToArray());
        Assert.Equal(second[0].Vector.ToArray(), second[2].Vector.ToArray());
        var direct = await new MiniLmEmbeddingGenerator().GenerateAsync(["payroll"]);
        Assert.Equal(direct[0].Vector.ToArray(), second[0].Vector.ToArray());
    }

    [Fact]
    public async Task The_cache_holds_at_most_its_capacity()
    {
        using var model = new CountingGenerator(new MiniLmEmbeddingGenerator());
        using var cache = new RecentEmbeddingCache(model, capacity: 2);

        await cache.GenerateAsync(["one", "two"]);
        await cache.GenerateAsync(["three"]);
        await cache.GenerateAsync(["one", "two", "three"]);

        // "three" could not be kept beside two others, so at least one of the three runs the model again.
        Assert.Equal(3, model.BatchSizes.Count);
        Assert.InRange(model.BatchSizes[2], 1, 3);
    }

    private sealed class CountingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public List<int> BatchSizes { get; } = [];

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            BatchSizes.Add(texts.Count);
            return base.GenerateAsync(texts, options, cancellationToken);
        }
    }
}
