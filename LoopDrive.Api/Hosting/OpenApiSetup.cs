using Scalar.AspNetCore;

namespace LoopDrive.Api.Hosting;

internal static class OpenApiSetup
{
    public static IServiceCollection AddLoopDriveOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "LoopDrive API";
            document.Info.Description = "Closed-loop engagement: people, brand voice, sends, events, budget. Authenticate with `Authorization: Bearer ld_…`.";
            return Task.CompletedTask;
        }));

    /// <summary><c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>, both without a key.</summary>
    public static WebApplication MapLoopDriveOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs").AllowAnonymous();
        return app;
    }
}
