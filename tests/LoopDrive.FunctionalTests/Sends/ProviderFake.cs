using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// A local Kestrel server standing in for SendGrid and Twilio: records every request (method,
/// path, headers, body) and answers what the test scripts, so the real SDKs can be checked.
/// </summary>
internal sealed class ProviderFake : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProviderFake(WebApplication app) => _app = app;

    public sealed record Recorded(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>What the next requests are answered with: status, body and extra headers.</summary>
    public Func<Recorded, (int Status, string Body, Dictionary<string, string> Headers)> Answer { get; set; } = _ => (200, "{}", []);

    /// <summary>Requests left unanswered until the caller gives up: a provider that took the request and then went silent.</summary>
    public Func<Recorded, bool> Hang { get; set; } = _ => false;

    public string BaseUrl { get; private set; } = "";

    public static async Task<ProviderFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new ProviderFake(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var recorded = new Recorded(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body);
            fake.Requests.Enqueue(recorded);
            if (fake.Hang(recorded))
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The caller timed out and dropped the connection, as the test meant it to: nobody is left to answer.
                    return;
                }
            }
            var (status, answer, headers) = fake.Answer(recorded);
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
