using System.Text.Json;

namespace LoopDrive.Core.Events;

/// <summary>What counts as a touch before a conversion (sends and engagement) and what a conversion is worth.</summary>
public static class Touchpoints
{
    /// <summary>The same rule as <see cref="IsTouch"/>, for SQL (PostgreSQL regular expression on <c>type</c>).</summary>
    public const string SqlTypePattern = "^(?!conversion\\.).*\\.(sent|opened|clicked|replied|read|viewed|visited|commented|liked)$";

    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "sent", "opened", "clicked", "replied", "read", "viewed", "visited", "commented", "liked",
    };

    public static bool IsConversion(string type) => type.StartsWith("conversion.", StringComparison.Ordinal);

    public static bool IsTouch(string type) => !IsConversion(type) && Actions.Contains(type[(type.LastIndexOf('.') + 1)..]);

    /// <summary>Revenue in cents from the payload's <c>amount</c>, <c>amountCents</c>, <c>revenue</c> or <c>value</c> (first integer found).</summary>
    public static (long Cents, string Currency) Revenue(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        var payload = document.RootElement;
        long cents = 0;
        var currency = "usd";
        if (payload.ValueKind != JsonValueKind.Object) return (cents, currency);
        foreach (var field in new[] { "amountCents", "amount", "revenue", "value" })
        {
            if (payload.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var c) && c > 0)
            {
                cents = c;
                break;
            }
        }
        if (payload.TryGetProperty("currency", out var cur) && cur.ValueKind == JsonValueKind.String && cur.GetString() is { Length: 3 } code)
            currency = code.ToLowerInvariant();
        return (cents, currency);
    }

    /// <summary>The objective and snippet ids a touch carries in its metadata or payload (as sends record them).</summary>
    public static (string? Objective, IReadOnlyList<string> Snippets) Labels(string? metadataJson, string payloadJson)
    {
        string? objective = null;
        var snippets = new List<string>();
        foreach (var json in new[] { metadataJson, payloadJson })
        {
            if (json is null) continue;
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) continue;
            if (objective is null && root.TryGetProperty("objective", out var o) && o.ValueKind == JsonValueKind.String)
                objective = o.GetString();
            if (root.TryGetProperty("snippetIds", out var ids) && ids.ValueKind == JsonValueKind.Array)
                snippets.AddRange(ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!));
            if (root.TryGetProperty("snippetId", out var id) && id.ValueKind == JsonValueKind.String)
                snippets.Add(id.GetString()!);
        }
        return (objective, [.. snippets.Distinct(StringComparer.Ordinal)]);
    }
}
