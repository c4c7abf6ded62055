namespace LoopDrive.Api.Hosting;

/// <summary>
/// CONTRACT.md §8 as one routing rule instead of per-route copies: the published SDK calls the
/// voice, send and events families without <c>/api</c>, and an SDK whose base URL ends in
/// <c>/api</c> sends person and budget calls to <c>/api/api/…</c>. Both are rewritten to the
/// canonical <c>/api/…</c> path before routing.
/// </summary>
internal static class SdkAliases
{
    /// <summary>Route families the SDK calls at the host root.</summary>
    private static readonly string[] RootFamilies =
    [
        "/brand-voice", "/email", "/sms", "/social", "/send", "/events",
    ];

    /// <summary>Smoke-check paths (D30) that answer what <c>/health</c> answers.</summary>
    private static readonly string[] HealthAliases = ["/api/health", "/api/person/health", "/api/brand-voice/health"];

    public static IApplicationBuilder UseSdkAliases(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Request.Path = Canonical(context.Request.Path);
        return next(context);
    });

    internal static PathString Canonical(PathString path)
    {
        if (path.StartsWithSegments("/api/api", out var afterDoubled))
            return new PathString("/api").Add(afterDoubled);
        foreach (var health in HealthAliases)
        {
            if (path.Equals(health, StringComparison.OrdinalIgnoreCase))
                return new PathString("/health");
        }
        foreach (var family in RootFamilies)
        {
            if (path.StartsWithSegments(family))
                return new PathString("/api").Add(path);
        }
        // D12: only this person sub-route lacks /api in the SDK.
        if (path.StartsWithSegments("/person", out var rest) && rest.Value is { } tail && tail.EndsWith("/sends", StringComparison.Ordinal))
            return new PathString("/api").Add(path);
        return path;
    }
}
