using LoopDrive.Core.Common;
using Microsoft.Extensions.AI;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Benchmarks.People;

/// <summary>
/// Many memories for one person, with vectors from the real embedding model. Only a few hundred
/// distinct texts are embedded and then reused: the query cost depends on the vector count, not
/// on how varied the texts are, and embedding 10k texts would dominate the run.
/// </summary>
internal static class MemorySeed
{
    private static readonly string[] Subjects =
        ["The customer", "She", "He", "Their team", "The buyer", "The account owner", "Their manager", "The founder"];

    private static readonly string[] Statements =
    [
        "prefers email over phone calls", "asked about annual pricing", "complained about late delivery",
        "wants a demo next quarter", "uses the mobile app every day", "is evaluating a competitor",
        "renewed the subscription early", "mentioned a budget freeze", "likes short messages",
        "reported a billing error", "is interested in the enterprise plan", "travels a lot for work",
        "asked for an invoice in euros", "recommended us to a colleague", "dislikes promotional texts",
        "opened every newsletter this month", "requested a data export", "plans to hire more staff",
        "shops mostly on weekends", "has a dog and buys pet food monthly", "returned the last order",
        "asked how to cancel", "wants integration with their CRM", "celebrates a birthday in May",
        "prefers calls in the afternoon", "follows us on instagram", "is a vegetarian",
        "asked for a discount on shipping", "bought gifts for the holidays", "reads product reviews carefully",
        "switched from the free plan", "has a small bakery", "runs a marketing agency",
        "is moving to a new office", "asked about data privacy", "wants fewer notifications",
        "loves the new feature", "had trouble logging in",
    ];

    public static readonly string[] Queries =
        ["what does this person think about pricing", "how do they like to be contacted", "any complaints or problems", "plans for next year"];

    /// <summary>Texts embedded for the seed (few hundred); the rest reuse them.</summary>
    public static async Task<(int Distinct, string ModelId)> SeedAsync(NpgsqlDataSource dataSource,
        IEmbeddingGenerator<string, Embedding<float>> embeddings, string workspaceId, string personId, int count, CancellationToken cancellationToken)
    {
        var texts = Subjects.SelectMany(s => Statements.Select(t => $"{s} {t}.")).ToList();
        var vectors = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken);
        var modelId = vectors[0].ModelId ?? throw new InvalidOperationException("The embedding generator names no model.");
        var kinds = new[] { "fact", "intent", "message", "preference" };
        var start = DateTimeOffset.UtcNow.UtcDateTime;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY mem_embeddings (id, workspace_id, person_id, kind, text, vector, model_id, confidence, usable_in_copy, created_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            // Indexes are built as the rows arrive; on a busy machine finishing can outlast the default timeout.
            copy.Timeout = TimeSpan.FromMinutes(10);
            for (var i = 0; i < count; i++)
            {
                var t = i % texts.Count;
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(Ids.New(IdPrefixes.Memory), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(workspaceId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(personId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(kinds[i % kinds.Length], NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(texts[t], NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(vectors[t].Vector.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                await copy.WriteAsync(modelId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(0.9, NpgsqlDbType.Double, cancellationToken);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(start.AddSeconds(-i), NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using var analyze = dataSource.CreateCommand("ANALYZE mem_embeddings;");
        await analyze.ExecuteNonQueryAsync(cancellationToken);
        return (texts.Count, modelId);
    }
}
