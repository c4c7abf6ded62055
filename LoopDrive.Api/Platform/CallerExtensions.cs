using System.Security.Claims;

namespace LoopDrive.Api.Platform;

/// <summary>Who is calling, read from the claims the API key handler set.</summary>
internal static class CallerExtensions
{
    public static string WorkspaceId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.WorkspaceClaim)!;

    public static string OrganizationId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.OrganizationClaim)!;

    public static string ApiKeyId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim)!;
}
