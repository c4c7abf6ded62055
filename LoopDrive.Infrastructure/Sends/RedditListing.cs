using System.Text.Json;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>Reading Reddit listings (<c>{kind: Listing, data: {children: [{kind, data}], after}}</c>).</summary>
internal static class RedditListing
{
    public static IEnumerable<JsonElement> Items(JsonElement listing) => Children(listing).Select(c => c.data);

    public static IEnumerable<(string? kind, JsonElement data)> Children(JsonElement listing)
    {
        if (listing.ValueKind != JsonValueKind.Object || !listing.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array) yield break;
        foreach (var child in children.EnumerateArray())
        {
            if (child.ValueKind == JsonValueKind.Object && child.TryGetProperty("data", out var item) && item.ValueKind == JsonValueKind.Object)
                yield return (child.TryGetProperty("kind", out var k) ? k.GetString() : null, item);
        }
    }

    public static string? After(JsonElement listing) =>
        listing.ValueKind == JsonValueKind.Object && listing.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.String ? after.GetString() : null;

    public static string? Text(this JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Unix seconds; Reddit writes them as floats.</summary>
    public static long? CreatedUtc(JsonElement item) =>
        item.TryGetProperty("created_utc", out var v) && v.ValueKind == JsonValueKind.Number ? (long)v.GetDouble() : null;

    public static bool IsNew(JsonElement item) => item.TryGetProperty("new", out var v) && v.ValueKind == JsonValueKind.True;
}
