namespace LoopDrive.Api.Idempotency;

internal static class IdempotencyExtensions
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<KeylessDedupeStore>();
        services.AddHostedService<IdempotencyPruner>();
        services.AddHostedService<RedisWarmup>();
        return services;
    }

    /// <summary>
    /// The bodies the filter fingerprints (a POST with an <c>Idempotency-Key</c>, or to a ⟳ route)
    /// are kept readable after binding; other requests stream as they are. Runs after routing.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method)
            && (context.Request.Headers.ContainsKey(IdempotencyFilter.HeaderName)
                || context.GetEndpoint()?.Metadata.GetMetadata<KeylessDedupeMetadata>() is { InHandler: false }))
            context.Request.EnableBuffering();
        return next(context);
    });

    /// <summary>Every POST in the group honours <c>Idempotency-Key</c>.</summary>
    public static RouteGroupBuilder WithIdempotency(this RouteGroupBuilder group) =>
        group.AddEndpointFilter<IdempotencyFilter>();

    /// <summary>Marks a ⟳ route: key-less repeats within 60 s are replayed.</summary>
    public static RouteHandlerBuilder WithKeylessDedupe(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new KeylessDedupeMetadata());

    /// <summary>Marks a ⟳ route whose handler de-duplicates key-less repeats itself (see <see cref="KeylessDedupeMetadata.InHandler"/>).</summary>
    public static RouteHandlerBuilder WithKeylessDedupeInHandler(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new KeylessDedupeMetadata(InHandler: true));

    /// <summary>
    /// Marks a ⟳ route whose handler reads first and asks for the claim through <see cref="KeylessClaims"/>
    /// only before a write: key-less repeats of a write within 60 s are replayed, reads run again.
    /// </summary>
    public static RouteHandlerBuilder WithKeylessDedupeClaimedBeforeWriting(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new KeylessDedupeMetadata(ClaimsBeforeWriting: true));
}

/// <summary>Deletes expired records every few minutes so the table stays small.</summary>
internal sealed class IdempotencyPruner(IdempotencyStore store, ILogger<IdempotencyPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await store.PruneExpiredAsync(stoppingToken);
                if (removed > 0) logger.LogInformation("Pruned {Count} expired idempotency records", removed);
            }
            catch (Npgsql.NpgsqlException e)
            {
                // The next tick tries again; expired rows are never replayed, only kept a little longer.
                logger.LogWarning(e, "Pruning idempotency records failed");
            }
        }
    }
}
