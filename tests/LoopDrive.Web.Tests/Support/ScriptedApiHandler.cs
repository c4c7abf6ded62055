using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LoopDrive.Web.Tests.Support;

/// <summary>
/// An in-process stand-in for the API at the HTTP boundary: answers each request with the next
/// scripted reply (or a route's standing reply) and records what the client sent, so tests can
/// check retries, headers and bodies without a network.
/// </summary>
public sealed class ScriptedApiHandler : HttpMessageHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> _routes = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The next request gets this reply; replies are used in order, then routes apply.</summary>
    public ScriptedApiHandler Then(Func<HttpRequestMessage, HttpResponseMessage> reply)
    {
        _script.Enqueue(reply);
        return this;
    }

    public ScriptedApiHandler ThenStatus(HttpStatusCode status, Action<HttpResponseMessage>? shape = null) =>
        Then(_ =>
        {
            var response = new HttpResponseMessage(status);
            shape?.Invoke(response);
            return response;
        });

    public ScriptedApiHandler ThenJson(HttpStatusCode status, object body) => Then(_ => JsonReply(status, body));

    public ScriptedApiHandler ThenNetworkFailure() => Then(_ => throw new HttpRequestException("Connection refused"));

    /// <summary>Every <paramref name="method"/> on <paramref name="path"/> (path only, no query) gets this reply.</summary>
    public ScriptedApiHandler On(HttpMethod method, string path, Func<HttpRequestMessage, HttpResponseMessage> reply)
    {
        _routes[Key(method, path)] = reply;
        return this;
    }

    public ScriptedApiHandler OnJson(HttpMethod method, string path, object body, HttpStatusCode status = HttpStatusCode.OK) =>
        On(method, path, _ => JsonReply(status, body));

    public static HttpResponseMessage JsonReply(HttpStatusCode status, object body, string mediaType = "application/json") =>
        new(status)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, mediaType),
        };

    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string code, object? errors = null) =>
        JsonReply(status, new { type = "about:blank", title, status = (int)status, code, errors, traceId = "trace-123" }, "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        _requests.Enqueue(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization,
            request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null,
            request.Content?.Headers.ContentType?.ToString(),
            body));

        if (_script.TryDequeue(out var scripted))
        {
            return scripted(request);
        }

        if (_routes.TryGetValue(Key(request.Method, request.RequestUri!.AbsolutePath), out var route))
        {
            return route(request);
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
    }

    private static string Key(HttpMethod method, string path) => $"{method.Method} {path}";
}

public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    AuthenticationHeaderValue? Authorization,
    string? IdempotencyKey,
    string? ContentType,
    string? Body);
