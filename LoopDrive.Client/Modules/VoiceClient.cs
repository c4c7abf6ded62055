using LoopDrive.Client.Http;
using LoopDrive.Contracts.Voice;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Brand voice (contract §4): brands, compose, guardrails, prompt packs, snippets, alignment and
/// voice analytics. Calls the canonical <c>/api/brand-voice</c> paths.
/// </summary>
public sealed class VoiceClient : ClientModule
{
    private const string Root = "api/brand-voice";

    internal VoiceClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>GET /api/brand-voice/brands</c>: the default brand first.</summary>
    public Task<BrandList> ListBrandsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<BrandList>(ApiPath.Root(Root).Segment("brands"), cancellationToken);

    /// <summary><c>GET /api/brand-voice/brands/{id}</c></summary>
    public Task<BrandContract> GetBrandAsync(string brandId, CancellationToken cancellationToken = default) =>
        GetAsync<BrandContract>(ApiPath.Root(Root).Segment("brands").Segment(brandId), cancellationToken);

    /// <summary><c>POST /api/brand-voice/brands</c>: a workspace's first brand becomes its default.</summary>
    public Task<BrandContract> CreateBrandAsync(BrandUpsert brand, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brand);
        return PostAsync<BrandContract>(ApiPath.Root(Root).Segment("brands"), brand, cancellationToken);
    }

    /// <summary><c>PUT /api/brand-voice/brands/{id}</c>: fields left null keep their value.</summary>
    public Task<BrandContract> UpdateBrandAsync(string brandId, BrandUpsert brand, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(brand);
        return PutAsync<BrandContract>(ApiPath.Root(Root).Segment("brands").Segment(brandId), brand, cancellationToken);
    }

    /// <summary><c>POST /api/brand-voice/compose</c>: 422 without consent unless <c>purpose</c> is <c>preview</c>.</summary>
    public Task<ComposeResult> ComposeAsync(ComposeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<ComposeResult>(ApiPath.Root(Root).Segment("compose"), request, cancellationToken);
    }

    /// <summary><c>POST /api/brand-voice/guardrail</c>: every guardrail on a text, with spans and a redacted copy.</summary>
    public Task<GuardrailCheck> CheckGuardrailsAsync(GuardrailRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<GuardrailCheck>(ApiPath.Root(Root).Segment("guardrail"), request, cancellationToken);
    }

    /// <summary><c>POST /api/brand-voice/test-alignment</c>: a 0–1 score with feedback lines.</summary>
    public Task<AlignmentResult> TestAlignmentAsync(AlignmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<AlignmentResult>(ApiPath.Root(Root).Segment("test-alignment"), request, cancellationToken);
    }

    /// <summary><c>GET /api/brand-voice/prompt/{useCase}?brandId=</c>: the active version (0 = shipped default).</summary>
    public Task<PromptPack> GetPromptAsync(string useCase, string? brandId = null, CancellationToken cancellationToken = default) =>
        GetAsync<PromptPack>(PromptPath(useCase).Query("brandId", brandId), cancellationToken);

    /// <summary><c>GET /api/brand-voice/prompt/{useCase}/versions?brandId=</c>: the shipped default and every stored version.</summary>
    public Task<PromptPackVersions> ListPromptVersionsAsync(string useCase, string? brandId = null, CancellationToken cancellationToken = default) =>
        GetAsync<PromptPackVersions>(PromptPath(useCase).Segment("versions").Query("brandId", brandId), cancellationToken);

    /// <summary><c>POST /api/brand-voice/prompt/{useCase}/versions</c>: numbered after the last; active only when asked.</summary>
    public Task<PromptPack> AddPromptVersionAsync(string useCase, PromptPackCreate version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return PostAsync<PromptPack>(PromptPath(useCase).Segment("versions"), version, cancellationToken);
    }

    /// <summary><c>POST /api/brand-voice/prompt/{useCase}/versions/{version}/activate?brandId=</c>: 0 returns to the shipped default.</summary>
    public Task<PromptPack> ActivatePromptVersionAsync(string useCase, int version, string? brandId = null, CancellationToken cancellationToken = default) =>
        PostAsync<PromptPack>(PromptPath(useCase).Segment("versions").Segment(version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Segment("activate").Query("brandId", brandId), null, cancellationToken);

    /// <summary><c>GET /api/brand-voice/snippets</c>: a bare array, highest win rate first.</summary>
    public Task<IReadOnlyList<SnippetContract>> ListSnippetsAsync(SnippetQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new SnippetQuery();
        return GetAsync<IReadOnlyList<SnippetContract>>(ApiPath.Root(Root).Segment("snippets")
            .Query("brandId", q.BrandId).Query("channel", q.Channel).Query("objective", q.Objective).Query("usage", q.Usage)
            .Query("minWinRate", q.MinWinRate).Query("limit", q.Limit), cancellationToken);
    }

    /// <summary><c>POST /api/brand-voice/snippets</c></summary>
    public Task<SnippetContract> CreateSnippetAsync(SnippetCreate snippet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        return PostAsync<SnippetContract>(ApiPath.Root(Root).Segment("snippets"), snippet, cancellationToken);
    }

    /// <summary><c>POST /api/brand-voice/snippets/{id}/usage</c>: one impression, plus a conversion when <paramref name="outcome"/> is <c>conversion</c>.</summary>
    public Task<SnippetContract> RecordSnippetUsageAsync(string snippetId, string outcome, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        return PostAsync<SnippetContract>(ApiPath.Root(Root).Segment("snippets").Segment(snippetId).Segment("usage"), new SnippetUsageRequest(outcome), cancellationToken);
    }

    /// <summary><c>PATCH /api/brand-voice/snippets/{id}</c>: absent fields stay; new text restarts the win rate unless <see cref="SnippetUpdate.KeepStats"/>.</summary>
    public Task<SnippetContract> UpdateSnippetAsync(string snippetId, SnippetUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return PatchAsync<SnippetContract>(ApiPath.Root(Root).Segment("snippets").Segment(snippetId), update, cancellationToken);
    }

    /// <summary><c>DELETE /api/brand-voice/snippets/{id}</c>: out of rotation; answers the snippet as it was.</summary>
    public Task<SnippetContract> DeleteSnippetAsync(string snippetId, CancellationToken cancellationToken = default) =>
        DeleteAsync<SnippetContract>(ApiPath.Root(Root).Segment("snippets").Segment(snippetId), cancellationToken);

    /// <summary><c>GET /api/brand-voice/{brandId}/analytics?from=&amp;to=</c>: defaults to the last 30 days.</summary>
    public Task<VoiceAnalytics> GetAnalyticsAsync(string brandId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<VoiceAnalytics>(ApiPath.Root(Root).Segment(brandId).Segment("analytics").Query("from", from).Query("to", to), cancellationToken);

    private static ApiPath PromptPath(string useCase) => ApiPath.Root(Root).Segment("prompt").Segment(useCase);
}

/// <summary>Snippet filters (contract SnippetFilters); every field is optional, brandId defaults to the workspace's default brand.</summary>
public sealed record SnippetQuery(string? BrandId = null, string? Channel = null, string? Objective = null, string? Usage = null, double? MinWinRate = null, int? Limit = null);
