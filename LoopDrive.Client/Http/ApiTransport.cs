using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Client.Http;

/// <summary>
/// Every call of every module goes through here: auth, JSON, idempotency keys, retries and
/// error mapping live in one place so the modules stay one line per route.
/// </summary>
internal sealed partial class ApiTransport
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private static readonly ProductInfoHeaderValue UserAgent = new(
        "LoopDrive.Client",
        typeof(ApiTransport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private readonly HttpClient _http;
    private readonly LoopDriveClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public ApiTransport(
        HttpClient http,
        LoopDriveClientOptions options,
        ILogger logger,
        TimeProvider time,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _http = http;
        _options = options;
        _logger = logger;
        _time = time;
        _delay = delay ?? ((wait, ct) => Task.Delay(wait, time, ct));
    }

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var mutating = IsMutating(method);

        // One key for the whole call: the server replays the first outcome to every retry of it.
        var idempotencyKey = mutating ? Guid.NewGuid().ToString("N") : null;
        var payload = body is not null
            ? JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ApiJson.Options)
            : method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch ? EmptyObject : null;

        for (var attempt = 1; ; attempt++)
        {
            var canRetry = attempt <= _options.MaxRetries;
            using var request = BuildRequest(method, path, payload, idempotencyKey);
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(_options.AttemptTimeout);

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token);
            }
            catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
            {
                if (!canRetry)
                {
                    throw new LoopDriveConnectionException(
                        $"{method} {path} could not reach the LoopDrive API after {attempt} attempt(s).", attempt, ex);
                }

                var wait = RetryRules.DelayBefore(attempt, null, _time.GetUtcNow(), _options);
                LogRetryAfterFailure(method.Method, path, attempt, wait, ex.GetType().Name);
                await _delay(wait, cancellationToken);
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        return await ReadBodyAsync<T>(response, attemptTimeout.Token);
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The server committed and answered; repeating could not change the outcome, only hide it.
                        throw new LoopDriveConnectionException(
                            $"{method} {path} timed out while reading the response body.", attempt, ex);
                    }
                }

                if (canRetry && RetryRules.IsRetryable(response.StatusCode))
                {
                    var wait = RetryRules.DelayBefore(attempt, response.Headers.RetryAfter, _time.GetUtcNow(), _options);
                    LogRetryAfterStatus(method.Method, path, attempt, (int)response.StatusCode, wait);
                    await _delay(wait, cancellationToken);
                    continue;
                }

                throw await ProblemReader.ReadAsync(response, cancellationToken);
            }
        }
    }

    private static bool IsMutating(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch || method == HttpMethod.Delete;

    /// <summary>
    /// Network errors and attempt timeouts are retried; a cancellation the caller asked for is not
    /// a failure and propagates as is.
    /// </summary>
    private static bool IsConnectionFailure(Exception ex, CancellationToken callerToken) => ex switch
    {
        HttpRequestException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    private HttpRequestMessage BuildRequest(HttpMethod method, string path, byte[]? payload, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ApiJson.MediaType));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ApiJson.ProblemMediaType));
        request.Headers.UserAgent.Add(UserAgent);
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        if (payload is not null)
        {
            // A fresh content per attempt: a sent HttpContent may already be consumed.
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ApiJson.MediaType) { CharSet = "utf-8" };
        }

        return request;
    }

    private static async Task<T> ReadBodyAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(stream, ApiJson.Options, cancellationToken);
            return value ?? throw InvalidBody(response, "the body was empty or null");
        }
        catch (JsonException ex)
        {
            throw InvalidBody(response, ex.Message);
        }
    }

    private static LoopDriveApiException InvalidBody(HttpResponseMessage response, string why) =>
        new(response.StatusCode, "Unreadable response", code: "invalid_response",
            detail: $"The API answered {(int)response.StatusCode} but {why}.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} attempt {Attempt} failed with {ErrorType}; retrying in {Wait}")]
    private partial void LogRetryAfterFailure(string method, string path, int attempt, TimeSpan wait, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} attempt {Attempt} answered {Status}; retrying in {Wait}")]
    private partial void LogRetryAfterStatus(string method, string path, int attempt, int status, TimeSpan wait);
}
