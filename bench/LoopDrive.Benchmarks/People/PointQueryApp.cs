using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoopDrive.Benchmarks.People;

/// <summary>
/// The HTTP baseline: the smallest Kestrel minimal API that answers with one indexed point
/// query (the identity unique index) on the same database — what a resolve cannot beat. The
/// query is prepared with typed parameters, as the product's own hot statements are, so the
/// baseline has every advantage the resolve path has.
/// </summary>
internal sealed class PointQueryApp : IAsyncDisposable
{
    public const string Sql = "SELECT person_id FROM identities WHERE workspace_id = $1 AND type = $2 AND value = $3";

    private readonly WebApplication _app;

    private PointQueryApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<PointQueryApp> StartAsync(NpgsqlDataSource dataSource, string workspaceId, CancellationToken cancellationToken)
    {
        var port = ApiHost.FreeLoopbackPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/identity/{email}", async (string email, CancellationToken requestAborted) =>
            await LookupAsync(dataSource, workspaceId, email, requestAborted) is { } personId
                ? Results.Text(personId)
                : Results.NotFound());
        await app.StartAsync(cancellationToken);
        return new PointQueryApp(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>The point query itself, prepared on the pooled connection (kept prepared across uses).</summary>
    public static async Task<string?> LookupAsync(NpgsqlDataSource dataSource, string workspaceId, string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workspaceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "email" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = email });
        await command.PrepareAsync(cancellationToken);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
