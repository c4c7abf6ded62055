using LoopDrive.Contracts.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace LoopDrive.Api.Platform;

internal static class AuthenticationSetup
{
    /// <summary>Every route needs an API key unless it opts out (health, OpenAPI, provider webhooks).</summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(WorkspacesApi.AdminPolicy, p => p.RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiKeyScopes.Admin));
        return services;
    }
}
