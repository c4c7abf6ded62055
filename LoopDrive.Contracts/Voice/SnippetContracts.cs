using System.Text.Json;

namespace LoopDrive.Contracts.Voice;

/// <summary>
/// CONTRACT.md §4 SnippetLibrary. <c>winRate</c> is the posterior mean of
/// Beta(1 + conversions, 1 + impressions − conversions); <c>winRateInterval</c> (our addition) is its
/// central 90 % credible interval.
/// </summary>
public sealed record SnippetContract(
    string Id,
    string BrandId,
    string Channel,
    string Objective,
    string Snippet,
    string Usage,
    double WinRate,
    int Impressions,
    int Conversions,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    WinRateInterval WinRateInterval);

public sealed record WinRateInterval(double Low, double High);

public sealed record SnippetCreate(string? BrandId, string? Channel, string? Objective, string? Snippet, string? Usage, JsonElement? Metadata = null);

public sealed record SnippetUsageRequest(string? Outcome);

/// <summary>
/// Edit a snippet (our addition): every field optional, absent means unchanged. New text is new
/// copy, so its win rate starts over unless <c>keepStats</c> is true (a typo fix, say).
/// </summary>
public sealed record SnippetUpdate(string? Snippet = null, string? Usage = null, string? Objective = null, JsonElement? Metadata = null, bool? KeepStats = null);
