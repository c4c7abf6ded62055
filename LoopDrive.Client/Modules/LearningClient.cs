using System.Globalization;
using LoopDrive.Client.Http;
using LoopDrive.Contracts.Learning;

namespace LoopDrive.Client.Modules;

/// <summary>The learning loop's read routes under <c>/api/learning</c>: performance over time, topic history, send-time heatmaps, loop health.</summary>
public sealed class LearningClient : ClientModule
{
    private const string Root = "api/learning";

    internal LearningClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>GET /api/learning/snippets?brandId=&amp;channel=&amp;from=&amp;to=&amp;limit=</c>: most-used first; days default to the last 30.</summary>
    public Task<SnippetPerformance[]> SnippetsAsync(string? brandId = null, string? channel = null, DateOnly? from = null, DateOnly? to = null, int? limit = null,
        CancellationToken cancellationToken = default) =>
        GetAsync<SnippetPerformance[]>(ApiPath.Root(Root).Segment("snippets").Query("brandId", brandId).Query("channel", channel)
            .Query("from", Day(from)).Query("to", Day(to)).Query("limit", limit), cancellationToken);

    /// <summary><c>GET /api/learning/prompt-versions?brandId=&amp;useCase=&amp;channel=&amp;from=&amp;to=</c></summary>
    public Task<PromptVersionPerformance[]> PromptVersionsAsync(string? brandId = null, string? useCase = null, string? channel = null, DateOnly? from = null,
        DateOnly? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<PromptVersionPerformance[]>(ApiPath.Root(Root).Segment("prompt-versions").Query("brandId", brandId).Query("useCase", useCase)
            .Query("channel", channel).Query("from", Day(from)).Query("to", Day(to)), cancellationToken);

    /// <summary><c>GET /api/learning/topics?personId=&amp;topic=&amp;from=&amp;to=</c>: without a person, the workspace mean per topic and day.</summary>
    public Task<TopicWeightHistory> TopicsAsync(string? personId = null, string? topic = null, DateOnly? from = null, DateOnly? to = null,
        CancellationToken cancellationToken = default) =>
        GetAsync<TopicWeightHistory>(ApiPath.Root(Root).Segment("topics").Query("personId", personId).Query("topic", topic)
            .Query("from", Day(from)).Query("to", Day(to)), cancellationToken);

    /// <summary><c>GET /api/learning/send-times?personId=</c>: without a person, the workspace heatmap.</summary>
    public Task<SendTimeHeatmap> SendTimesAsync(string? personId = null, CancellationToken cancellationToken = default) =>
        GetAsync<SendTimeHeatmap>(ApiPath.Root(Root).Segment("send-times").Query("personId", personId), cancellationToken);

    /// <summary><c>GET /api/learning/health?from=&amp;to=</c>: the last hour by default.</summary>
    public Task<LoopHealth> HealthAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<LoopHealth>(ApiPath.Root(Root).Segment("health").Query("from", from).Query("to", to), cancellationToken);

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
