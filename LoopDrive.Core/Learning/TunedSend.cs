namespace LoopDrive.Core.Learning;

/// <summary>A send as the loop sees it: who, where, when, and what composition chose (snippets, prompt version, topics).</summary>
public sealed record TunedSend(
    string Id,
    string PersonId,
    string Channel,
    DateTimeOffset? SentAt,
    string? ExternalId,
    string? BrandId,
    string? PromptArmKey,
    IReadOnlyList<string> SnippetIds,
    IReadOnlyList<string> Topics)
{
    /// <summary><c>email_nurture@v2</c> → (email_nurture, 2); null when the label is not in that form.</summary>
    public static (string UseCase, int Version)? ParsePromptVersion(string? label)
    {
        if (label is null) return null;
        var at = label.LastIndexOf("@v", StringComparison.Ordinal);
        return at > 0 && int.TryParse(label.AsSpan(at + 2), out var version) ? (label[..at], version) : null;
    }

    /// <summary>Topics the send's metadata names (<c>{"topics":[…]}</c> or <c>{"topic":"…"}</c>).</summary>
    public static IReadOnlyList<string> MetadataTopics(string? metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata)) return [];
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(metadata);
            var root = doc.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object) return [];
            if (root.TryGetProperty("topics", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array)
                return [.. list.EnumerateArray().Where(t => t.ValueKind == System.Text.Json.JsonValueKind.String).Select(t => t.GetString()!)];
            if (root.TryGetProperty("topic", out var one) && one.ValueKind == System.Text.Json.JsonValueKind.String) return [one.GetString()!];
            return [];
        }
        catch (System.Text.Json.JsonException)
        {
            // Metadata is the caller's free-form JSON; unreadable means "names no topic".
            return [];
        }
    }
}
