using System.Buffers;
using LoopDrive.Api.Platform;

namespace LoopDrive.Api.Idempotency;

/// <summary>Marks a POST for key-less deduplication (the ⟳ routes of CONTRACT.md).</summary>
/// <param name="ClaimsBeforeWriting">
/// The handler reads first and asks for the claim (<see cref="KeylessClaims"/>) only when it is
/// about to write or its answer changed inside the window; an answer it gives before that is one a
/// replay would have given too, so it needs no record.
/// </param>
/// <param name="InHandler">
/// The handler de-duplicates key-less repeats itself (single event ingest claims the request's
/// fingerprint in the event's own insert); the filter still handles an <c>Idempotency-Key</c>.
/// </param>
internal sealed record KeylessDedupeMetadata(bool ClaimsBeforeWriting = false, bool InHandler = false);

/// <summary>
/// CONTRACT.md §1.1 for every POST: with an <c>Idempotency-Key</c> the first outcome is kept
/// 24 h and replayed; the same key with another body or route is 409. Routes marked
/// <see cref="KeylessDedupeMetadata"/> also replay a byte-identical repeat within 60 s, because
/// the published SDK retries without a key. A repeat that arrives while the first is still
/// running waits for its outcome. Faults (5xx) are not kept, so a retry runs again.
/// </summary>
internal sealed partial class IdempotencyFilter(IdempotencyStore store, KeylessDedupeStore keylessRecords, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    private static readonly TimeSpan KeepKeyed = TimeSpan.FromHours(24);
    private static readonly TimeSpan KeepKeyless = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(30);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || http.User.Identity?.IsAuthenticated != true)
            return await next(invocation);

        string? headerKey = http.Request.Headers[HeaderName];
        var keylessMetadata = http.GetEndpoint()?.Metadata.GetMetadata<KeylessDedupeMetadata>();
        var keyless = keylessMetadata is not null;
        if (headerKey is null && (!keyless || keylessMetadata is { InHandler: true }))
            return await next(invocation);
        if (headerKey is { Length: 0 or > MaxKeyLength })
            return Problems.Invalid(HeaderName, $"Must be 1 to {MaxKeyLength} characters.");

        if (headerKey is null && keylessMetadata is { ClaimsBeforeWriting: true })
        {
            // Run once without a claim; if the handler asks for one, it is taken below and the handler runs again.
            var answer = await KeylessClaims.RunUnclaimedAsync(invocation, next);
            if (!KeylessClaims.AsksForClaim(answer)) return answer;
        }

        var requestHash = await HashRequestAsync(http.Request);
        var recordKey = headerKey is not null ? "key:" + headerKey : "fp:" + requestHash;
        var apiKeyId = http.User.ApiKeyId();
        var keepFor = headerKey is not null ? KeepKeyed : KeepKeyless;
        var records = headerKey is null && keylessRecords.IsConnected ? Records.Redis : Records.Postgres;
        if (headerKey is null && records == Records.Postgres) NoteRedisFallback("NotConnected");

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            IdempotencyStore.Claim claim;
            if (records == Records.Redis)
            {
                try
                {
                    claim = await keylessRecords.TryClaimAsync(apiKeyId, requestHash, keepFor);
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    NoteRedisFallback(ex.GetType().Name);
                    records = Records.Postgres;
                    continue;
                }
            }
            else
            {
                claim = await store.TryClaimAsync(apiKeyId, recordKey, requestHash, keepFor, http.RequestAborted);
            }
            switch (claim)
            {
                case IdempotencyStore.Claim.Acquired:
                    return await RunAndKeepAsync(invocation, next, new Record(records, apiKeyId, recordKey, requestHash, keepFor));
                case IdempotencyStore.Claim.Completed completed:
                    return new ReplayResult(completed.Response);
                case IdempotencyStore.Claim.DifferentRequest:
                    return Problems.Conflict("idempotency_key_reused",
                        "This Idempotency-Key was already used with a different route or body.");
                case IdempotencyStore.Claim.InFlight when waited.Elapsed < WaitForFirst:
                    await Task.Delay(50, http.RequestAborted);
                    break;
                default:
                    return Problems.Conflict("idempotency_in_progress",
                        "The first request with this key is still running; retry later.");
            }
        }
    }

    private enum Records { Postgres, Redis }

    /// <summary>Where the claim was taken, so completing and releasing it go to the same place.</summary>
    private sealed record Record(Records Store, string ApiKeyId, string Key, string RequestHash, TimeSpan KeepFor);

    private async Task CompleteAsync(Record record, IdempotencyStore.StoredResponse response)
    {
        if (record.Store == Records.Redis)
            keylessRecords.Complete(record.ApiKeyId, record.RequestHash, response, record.KeepFor);
        else
            await store.CompleteAsync(record.ApiKeyId, record.Key, response, CancellationToken.None);
    }

    private async Task ReleaseAsync(Record record)
    {
        if (record.Store == Records.Redis)
            await keylessRecords.ReleaseAsync(record.ApiKeyId, record.RequestHash);
        else
            await store.ReleaseAsync(record.ApiKeyId, record.Key);
    }

    private async Task<object?> RunAndKeepAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, Record record)
    {
        var http = invocation.HttpContext;
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            var result = await next(invocation);
            if (result is IResult executable)
                await executable.ExecuteAsync(http);
            else if (result is not null)
                await TypedResults.Ok(result).ExecuteAsync(http);

            var body = buffer.ToArray();
            if (http.Response.StatusCode >= 500)
                await ReleaseAsync(record);
            else
            {
                // Kept even if the client has gone: its retry must get this outcome, not a second effect.
                await CompleteAsync(record, new IdempotencyStore.StoredResponse(
                    http.Response.StatusCode, http.Response.ContentType, body, http.Response.Headers.Location));
            }
            http.Response.Body = original;
            await original.WriteAsync(body, http.RequestAborted);
            return Results.Empty;
        }
        catch
        {
            http.Response.Body = original;
            await ReleaseAsync(record);
            logger.LogDebug("Released idempotency record after a failed request");
            throw;
        }
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var sha = RequestFingerprint.Begin(request);
        // Pooled: a fresh buffer per request was most of what a small request allocated here.
        var chunk = ArrayPool<byte>.Shared.Rent(4 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
                sha.AppendData(chunk, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    // Once per interval, not once per request: an outage would otherwise write a warning for every call.
    private static long _lastFallbackLog;
    private static readonly long FallbackLogInterval = System.Diagnostics.Stopwatch.Frequency * 30;

    private void NoteRedisFallback(string reason)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastFallbackLog);
        if ((last == 0 || now - last >= FallbackLogInterval) && Interlocked.CompareExchange(ref _lastFallbackLog, now, last) == last)
            LogRedisFallback(logger, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key-less de-duplication falls back to PostgreSQL: Redis is unavailable ({Reason}); said at most every 30 s")]
    private static partial void LogRedisFallback(ILogger logger, string reason);

    private sealed class ReplayResult(IdempotencyStore.StoredResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.StatusCode;
            if (response.ContentType is not null) httpContext.Response.ContentType = response.ContentType;
            if (response.Location is not null) httpContext.Response.Headers.Location = response.Location;
            httpContext.Response.Headers[ReplayedHeader] = "true";
            await httpContext.Response.Body.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
