using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace LoopDrive.Api.Hosting;

/// <summary>
/// 1 MiB per request unless a route declares more (<c>.WithRequestSizeLimit</c>, e.g. batch
/// ingest). A declared Content-Length over the limit is refused before any byte is read; a
/// chunked body is cut off by the server's own limit.
/// </summary>
internal static class RequestBodyLimits
{
    public const long DefaultBytes = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultBytes;
        if (context.Request.ContentLength > limit)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Payload too large",
                $"The request body may be at most {limit} bytes on this route.");
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        await next(context);
    });

    public static RouteHandlerBuilder WithRequestSizeLimit(this RouteHandlerBuilder builder, long bytes) =>
        builder.WithMetadata(new RequestSizeLimitMetadata(bytes));

    private sealed class RequestSizeLimitMetadata(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = bytes;
    }
}
