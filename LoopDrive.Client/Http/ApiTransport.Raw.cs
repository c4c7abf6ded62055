using System.Text.Json;

namespace LoopDrive.Client.Http;

internal sealed partial class ApiTransport
{
    /// <summary>
    /// One attempt whose response the caller reads itself: for answers that carry data in headers
    /// (the events query's next cursor) or that never end (the events stream). Non-2xx answers are
    /// thrown as the usual problem exceptions; the caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage> OpenAsync(HttpMethod method, string path, object? body, IReadOnlyDictionary<string, string>? headers,
        CancellationToken cancellationToken)
    {
        var payload = body is not null ? JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ApiJson.Options) : null;
        using var request = BuildRequest(method, path, payload, idempotencyKey: null);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new LoopDriveConnectionException($"{method} {path} could not reach the LoopDrive API.", 1, ex);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
            throw await ProblemReader.ReadAsync(response, cancellationToken);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await ReadBodyAsync<T>(response, cancellationToken);
}
