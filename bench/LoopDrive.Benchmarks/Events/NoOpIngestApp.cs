using System.Net;
using System.Text.Json;
using LoopDrive.Benchmarks.People;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// The single-ingest ceiling: the smallest Kestrel minimal API that takes the same POST (bearer
/// key compared, JSON body bound) and answers 202 with a small JSON body, storing nothing. Under
/// the same client and connections it shows what HTTP alone costs on this machine, client
/// included, so the ingest figure can be read against what is physically reachable.
/// </summary>
internal sealed class NoOpIngestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NoOpIngestApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<NoOpIngestApp> StartAsync(string key, CancellationToken cancellationToken)
    {
        var port = ApiHost.FreeLoopbackPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var expected = "Bearer " + key;
        app.MapPost("/api/events", (JsonElement body, HttpRequest request) =>
            request.Headers.Authorization == expected && body.ValueKind == JsonValueKind.Object
                ? Results.Text("{\"id\":\"evt_noop\",\"type\":" + body.GetProperty("type").GetRawText() + "}", "application/json", statusCode: StatusCodes.Status202Accepted)
                : Results.Unauthorized());
        await app.StartAsync(cancellationToken);
        return new NoOpIngestApp(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
