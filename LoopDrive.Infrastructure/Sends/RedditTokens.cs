using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// Reddit access tokens for the configured account: fetched from <c>/api/v1/access_token</c>
/// (HTTP Basic with the app's id and secret; the refresh-token grant, else the script app's
/// password grant) and kept until shortly before they expire. One fetch at a time per process.
/// </summary>
internal sealed class RedditTokens(IHttpClientFactory httpClients, IOptions<RedditOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset Until)? _current;

    /// <param name="refused">A token Reddit just answered 401 to: fetch another even if it has not expired by our clock.</param>
    public async Task<string> GetAsync(string? refused, CancellationToken cancellationToken)
    {
        if (Usable(refused) is { } token) return token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have fetched one while this one waited.
            if (Usable(refused) is { } fetched) return fetched;
            var fresh = await FetchAsync(cancellationToken);
            _current = fresh;
            return fresh.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Usable(string? refused) =>
        _current is { } c && c.Until > clock.GetUtcNow() && c.Token != refused ? c.Token : null;

    private async Task<(string Token, DateTimeOffset Until)> FetchAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var form = o.RefreshToken is { Length: > 0 } refresh
            ? new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }
            : new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = o.Username ?? "", ["password"] = o.Password ?? "" };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{o.AuthBaseUrl.TrimEnd('/')}/api/v1/access_token")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.ClientId}:{o.ClientSecret}")));
        request.Headers.TryAddWithoutValidation("User-Agent", o.EffectiveUserAgent);

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(RedditApi.HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // No token means nothing was sent with it: the caller's request never left.
            throw new RedditAuthException("reddit_auth_unavailable", $"The token endpoint gave no answer ({e.GetType().Name}).");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            string? token = null, error = null;
            double? expiresIn = null;
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String) token = t.GetString();
                    if (root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number) expiresIn = e.GetDouble();
                    if (root.TryGetProperty("error", out var err)) error = err.ValueKind == JsonValueKind.String ? err.GetString() : err.GetRawText();
                }
            }
            catch (JsonException)
            {
                // An HTML error page: the status below says what happened.
            }
            if (!response.IsSuccessStatusCode || token is null)
            {
                var code = (int)response.StatusCode is 429 or >= 500 ? "reddit_auth_unavailable" : "reddit_auth_refused";
                throw new RedditAuthException(code, $"The token endpoint answered {(int)response.StatusCode}{(error is null ? "" : $" ({error})")}.");
            }
            // Renewed a minute early (a tenth of the lifetime for short ones) so a call never starts with a token about to lapse.
            var lifetime = TimeSpan.FromSeconds(expiresIn ?? 3600);
            var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, lifetime.Ticks / 10));
            return (token, clock.GetUtcNow() + lifetime - margin);
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>No access token could be had: the request it was for was never sent.</summary>
internal sealed class RedditAuthException(string code, string detail) : Exception(detail)
{
    /// <summary><c>reddit_auth_unavailable</c> (no answer, 429, 5xx) or <c>reddit_auth_refused</c> (bad credentials).</summary>
    public string Code { get; } = code;
}
