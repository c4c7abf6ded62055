using System.Globalization;
using System.Threading.RateLimiting;
using LoopDrive.Api.Platform;
using Microsoft.AspNetCore.RateLimiting;

namespace LoopDrive.Api.Hosting;

/// <summary>Per-workspace token bucket. Options: section <c>RateLimit</c>.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    /// <summary>Sustained requests per second per workspace.</summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>How many requests a workspace may burst above the sustained rate.</summary>
    public int Burst { get; set; } = 400;
}

internal static class RateLimiting
{
    public static IServiceCollection AddWorkspaceRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.PermitsPerSecond > 0 && o.Burst > 0, "RateLimit values must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Unauthenticated calls (health, docs, 401s) are not metered per workspace.
                if (context.User.Identity?.IsAuthenticated != true)
                    return RateLimitPartition.GetNoLimiter("anonymous");
                var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(context.User.WorkspaceId(), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited",
                    "Too many requests", $"This workspace is over its request rate; retry after {retryAfter} s.");
            };
        });
        return services;
    }
}
