using System.Net.Http.Headers;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Sends.Webhooks;
using LoopDrive.Infrastructure.Sends;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Workers.Sends;

/// <summary>
/// Posts the sandbox's owed webhooks when they fall due, signed, to the API's own routes — the same
/// verification live traffic meets. A reaction waits until its send's result is recorded (as a real
/// provider's callback can only name a message it returned). Rows are claimed with SKIP LOCKED and
/// removed once the API acknowledged them, so replicas share the work and a restart loses nothing.
/// </summary>
internal sealed partial class SandboxWebhookDelivery(
    NpgsqlDataSource database,
    ProviderKeys keys,
    IHttpClientFactory httpClients,
    IConfiguration configuration,
    IOptions<SandboxOptions> sandbox,
    IOptions<WebhookOptions> webhooks,
    IOptions<SendOptions> sends,
    TimeProvider clock,
    ILogger<SandboxWebhookDelivery> logger) : BackgroundService
{
    public const string HttpClientName = "sandbox-webhooks";
    private const int BatchSize = 500;
    private const int MaxAttempts = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var baseUrl = sandbox.Value.WebhookBaseUrl is { Length: > 0 } configured ? configured : configuration["services:api:http:0"];
        if (string.IsNullOrEmpty(baseUrl))
        {
            LogNoTarget(logger);
            return;
        }
        using var timer = new PeriodicTimer(sends.Value.SchedulerInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await DeliverDueAsync(baseUrl, stoppingToken) == BatchSize && !stoppingToken.IsCancellationRequested)
                {
                    // A full batch means more are due: keep going without waiting a tick.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing is lost: undelivered rows stay owed and the next tick tries again.
                LogFailed(logger, e);
            }
        }
    }

    private async Task<int> DeliverDueAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<PendingSandboxWebhook>();
        var persons = new Dictionary<long, string>();
        await using (var select = new NpgsqlCommand($"""
            select w.id, w.workspace_id, w.send_id, w.channel, w.kind, w.recipient, w.external_id, w.reply_text, w.url, w.due_at, w.attempts, s.person_id
            from send_sandbox_webhooks w join sends s on s.id = w.send_id
            where w.due_at <= $1 and s.status not in ('queued', 'deferred', 'dispatching', 'unknown') and not {SandboxRedditInbox.ServedSql}
            order by w.due_at limit $2
            for update of w skip locked
            """, connection, transaction))
        {
            select.Parameters.AddWithValue(now);
            select.Parameters.AddWithValue(BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(new PendingSandboxWebhook
                {
                    Id = reader.GetInt64(0), WorkspaceId = reader.GetString(1), SendId = reader.GetString(2), Channel = reader.GetString(3),
                    Kind = reader.GetString(4), Recipient = reader.GetString(5), ExternalId = reader.GetString(6),
                    ReplyText = reader.IsDBNull(7) ? null : reader.GetString(7), Url = reader.IsDBNull(8) ? null : reader.GetString(8),
                    DueAt = reader.GetFieldValue<DateTimeOffset>(9), Attempts = reader.GetInt32(10),
                });
                persons[reader.GetInt64(0)] = reader.GetString(11);
            }
        }

        var done = new List<long>();
        var retry = new List<long>();
        var client = httpClients.CreateClient(HttpClientName);
        var signingBase = webhooks.Value.PublicBaseUrl is { Length: > 0 } publicBase ? publicBase : baseUrl;
        // SendGrid posts its events many to a request; the sandbox does the same, one request per workspace's due events.
        foreach (var events in due.Where(SandboxWebhookPayloads.IsSendGridEvent).GroupBy(r => r.WorkspaceId, StringComparer.Ordinal))
        {
            var rows = events.ToList();
            var webhook = SandboxWebhookPayloads.SendGridEvents([.. rows.Select(r => (r, persons.GetValueOrDefault(r.Id)))], keys, clock.GetUtcNow());
            var posted = webhook is null || await PostAsync(client, baseUrl, webhook, cancellationToken);
            foreach (var row in rows) (posted || row.Attempts + 1 >= MaxAttempts ? done : retry).Add(row.Id);
        }
        foreach (var row in due.Where(r => !SandboxWebhookPayloads.IsSendGridEvent(r)))
        {
            var webhook = SandboxWebhookPayloads.Build(row, keys, signingBase, sandbox.Value.FromNumber, clock.GetUtcNow());
            if (webhook is null || await PostAsync(client, baseUrl, webhook, cancellationToken) || row.Attempts + 1 >= MaxAttempts)
                done.Add(row.Id);
            else
                retry.Add(row.Id);
        }

        if (done.Count > 0)
        {
            await using var delete = new NpgsqlCommand("delete from send_sandbox_webhooks where id = any($1)", connection, transaction);
            delete.Parameters.AddWithValue(done.ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (retry.Count > 0)
        {
            await using var later = new NpgsqlCommand(
                "update send_sandbox_webhooks set attempts = attempts + 1, due_at = $2 + interval '1 second' * power(2, attempts) where id = any($1)",
                connection, transaction);
            later.Parameters.AddWithValue(retry.ToArray());
            later.Parameters.AddWithValue(now);
            await later.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private async Task<bool> PostAsync(HttpClient client, string baseUrl, SandboxWebhook webhook, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + webhook.Path) { Content = new ByteArrayContent(webhook.Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(webhook.ContentType);
        foreach (var (name, value) in webhook.Headers) request.Headers.TryAddWithoutValidation(name, value);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return true;
            LogRefused(logger, webhook.Path, (int)response.StatusCode);
            return false;
        }
        catch (HttpRequestException e)
        {
            // The API is not reachable yet (starting, restarting): the row stays owed.
            LogUnreachable(logger, webhook.Path, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox webhooks have no target: set Sends:Sandbox:WebhookBaseUrl or give the workers a reference to the api; reactions stay owed")]
    private static partial void LogNoTarget(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sandbox webhook delivery step failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API answered {Status} to a sandbox webhook on {Path}")]
    private static partial void LogRefused(ILogger logger, string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API was not reachable for a sandbox webhook on {Path}: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string path, string error);
}
