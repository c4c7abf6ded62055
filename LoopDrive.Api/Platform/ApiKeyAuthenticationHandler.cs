using System.Security.Claims;
using System.Text.Encodings.Web;
using LoopDrive.Core.Common;
using LoopDrive.Core.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Api.Platform;

/// <summary>
/// <c>Authorization: Bearer ld_…</c>. The key's hash is looked up (cached briefly so a busy
/// client does not cost a query per call), the request's <see cref="WorkspaceContext"/> is set,
/// and last-used time is written at most once a minute per key. Plain SQL on the shared data
/// source: a DbContext built for every request would cost more than the lookup it serves.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    NpgsqlDataSource dataSource,
    WorkspaceContext workspace,
    IMemoryCache cache,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string WorkspaceClaim = "workspace_id";
    public const string OrganizationClaim = "organization_id";
    public const string KeyIdClaim = "api_key_id";
    public const string ScopeClaim = "scope";

    /// <summary>How long a revocation can take to reach other replicas; this replica forgets at once.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    internal sealed record CachedKey(string KeyId, string WorkspaceId, string OrganizationId, string[] Scopes, DateTimeOffset? LastUsedAt);

    public static string CacheKey(string hash) => "apikey:" + hash;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Authorization must be a Bearer API key.");
        var secret = header["Bearer ".Length..].Trim();
        if (!ApiKeySecrets.LooksValid(secret))
            return AuthenticateResult.Fail("Invalid API key.");

        var hash = ApiKeySecrets.Hash(secret);
        if (!cache.TryGetValue(CacheKey(hash), out CachedKey? key))
        {
            key = await FindAsync(hash);
            if (key is null)
                return AuthenticateResult.Fail("Invalid API key.");
            cache.Set(CacheKey(hash), key, CacheFor);
        }
        key = await TouchAsync(hash, key!);

        workspace.Set(key.WorkspaceId, key.KeyId, key.Scopes);
        var claims = new List<Claim>
        {
            new(WorkspaceClaim, key.WorkspaceId),
            new(OrganizationClaim, key.OrganizationId),
            new(KeyIdClaim, key.KeyId),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private async Task<CachedKey?> FindAsync(string hash)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT k.id, k.workspace_id, w.organization_id, k.scopes, k.last_used_at
            FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
            WHERE k.secret_hash = $1 AND k.revoked_at IS NULL
            LIMIT 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hash });
        await using var reader = await command.ExecuteReaderAsync(Context.RequestAborted);
        if (!await reader.ReadAsync(Context.RequestAborted)) return null;
        return new CachedKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
    }

    private async Task<CachedKey> TouchAsync(string hash, CachedKey key)
    {
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is { } last && now - last < LastUsedResolution)
            return key;
        await using (var command = dataSource.CreateCommand("UPDATE api_keys SET last_used_at = $2 WHERE id = $1"))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.KeyId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await command.ExecuteNonQueryAsync(Context.RequestAborted);
        }
        var touched = key with { LastUsedAt = now };
        cache.Set(CacheKey(hash), touched, CacheFor);
        return touched;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "unauthorized",
            "Unauthorized", "A valid API key is required: Authorization: Bearer ld_…");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "forbidden",
            "Forbidden", "This API key does not have the scope this call needs.");
}
