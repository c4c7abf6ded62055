using System.Net;
using System.Text.Json;

namespace LoopDrive.Client.Http;

/// <summary>Turns an error response into a <see cref="LoopDriveApiException"/>, problem+json or not.</summary>
internal static class ProblemReader
{
    public static async Task<LoopDriveApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var fallbackTitle = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? DefaultTitle(status) : response.ReasonPhrase;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not (ApiJson.ProblemMediaType or ApiJson.MediaType))
        {
            return new LoopDriveApiException(status, fallbackTitle);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (body.Length == 0)
        {
            return new LoopDriveApiException(status, fallbackTitle);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new LoopDriveApiException(status, fallbackTitle);
            }

            return new LoopDriveApiException(
                status,
                title: ReadString(root, "title") ?? fallbackTitle,
                code: ReadString(root, "code"),
                detail: ReadString(root, "detail"),
                errors: ReadErrors(root),
                traceId: ReadString(root, "traceId"),
                type: ReadString(root, "type"),
                instance: ReadString(root, "instance"));
        }
        catch (JsonException)
        {
            // A proxy or crashed server can label garbage as JSON; the status still tells the story.
            return new LoopDriveApiException(status, fallbackTitle);
        }
    }

    private static string DefaultTitle(HttpStatusCode status) =>
        Enum.IsDefined(status) ? status.ToString() : $"HTTP {(int)status}";

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string[]>? ReadErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in errors.EnumerateObject())
        {
            result[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => field.Value.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!)
                    .ToArray(),
                JsonValueKind.String => [field.Value.GetString()!],
                _ => [],
            };
        }

        return result;
    }
}
