using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Core.Sends;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>One JSON POST to a DM platform with a bearer token, its answer mapped through <see cref="ProviderErrors"/>.</summary>
internal static class DmHttp
{
    /// <param name="readId">The platform's message id from a 2xx body.</param>
    /// <param name="readCode">The platform's own error code from a refusal body, if it gives one.</param>
    public static async Task<ProviderResult> PostAsync(HttpClient client, string provider, string url, string? token, object payload,
        Func<JsonElement, string?> readId, Func<JsonElement, string?> readCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = Parse(body);
        if (response.IsSuccessStatusCode)
        {
            // Accepted without an id we can read: still accepted, never a reason to send again.
            return ProviderResult.Ok((json is { } ok ? readId(ok) : null) ?? $"{provider}_accepted");
        }
        return ProviderErrors.FromStatus(provider, response.StatusCode, json is { } error ? readCode(error) : null, response.Headers.RetryAfter, now);
    }

    /// <summary>A GET with a bearer token; the JSON body of a 2xx answer, otherwise null.</summary>
    public static async Task<JsonElement?> GetAsync(HttpClient client, string url, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        return Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>
    /// Finds our message among a list a platform returns: same text, sent by us (not the recipient),
    /// created no earlier than a minute before the attempt (clocks differ). Null when none matches.
    /// </summary>
    public static string? FindSent(IEnumerable<JsonElement> items, string text, string recipient, DateTimeOffset attemptedAt,
        string idField, string textField, string timeField, Func<JsonElement, string?> sender)
    {
        foreach (var item in items)
        {
            if (item.Path(textField) != text || sender(item) == recipient) continue;
            if (item.Path(timeField) is { } raw && DateTimeOffset.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var at) && at < attemptedAt.AddMinutes(-1)) continue;
            if (item.Path(idField) is { } id) return id;
        }
        return null;
    }

    public static IEnumerable<JsonElement> Items(this JsonElement? e, params string[] path)
    {
        if (e is not { } current) yield break;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) yield break;
        }
        if (current.ValueKind != JsonValueKind.Array) yield break;
        foreach (var item in current.EnumerateArray()) yield return item;
    }

    private static JsonElement? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: the status alone decides.
            return null;
        }
    }

    public static string? Path(this JsonElement e, params string[] names)
    {
        foreach (var name in names)
        {
            if (e.ValueKind == JsonValueKind.Array) e = e.GetArrayLength() > 0 ? e[0] : default;
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return null;
        }
        return e.ValueKind switch { JsonValueKind.String => e.GetString(), JsonValueKind.Number => e.GetRawText(), _ => null };
    }
}
