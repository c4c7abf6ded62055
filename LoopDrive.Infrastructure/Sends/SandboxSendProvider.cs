using System.Collections.Concurrent;
using LoopDrive.Core.Sends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// The offline provider for every channel (Providers:Mode sandbox): accepts each message, gives it
/// a provider id and remembers it by send id, so reconciliation can ask "do you have it?" exactly as
/// it asks a real provider. After acceptance it asks the <see cref="ISandboxAudience"/> what the
/// recipient does and records each reaction as a webhook owed (<c>send_sandbox_webhooks</c>), which
/// the workers' sandbox webhook delivery later posts, signed, to the API's own webhook routes.
/// <see cref="Received"/> counts what each send id delivered — the at-most-once tests read it.
/// </summary>
public sealed class SandboxSendProvider(
    NpgsqlDataSource database, IServiceScopeFactory scopes, IOptions<SandboxOptions> options, TimeProvider clock) : IBatchSendProvider
{
    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);

    public string Name => "sandbox";

    public bool Handles(string channel) => true;

    public IReadOnlyDictionary<string, int> Received => _received;

    public int TotalReceived => _received.Values.Sum();

    public async Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var (result, fresh) = Accept(message);
        if (fresh) await ScheduleReactionsAsync([message], clock.GetUtcNow());
        return result;
    }

    /// <summary>
    /// Accepts the messages one by one, each answer heard before the next; the reactions of every
    /// message accepted are then owed in one write — also when the list stopped early, since those
    /// messages were accepted all the same.
    /// </summary>
    public async Task SendManyAsync(IReadOnlyList<OutgoingMessage> messages, Func<int, ProviderResult, ValueTask> onAnswer, CancellationToken cancellationToken)
    {
        var fresh = new List<OutgoingMessage>(messages.Count);
        var acceptedAt = clock.GetUtcNow();
        try
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var (result, isNew) = Accept(messages[i]);
                if (isNew) fresh.Add(messages[i]);
                await onAnswer(i, result);
            }
        }
        finally
        {
            await ScheduleReactionsAsync(fresh, acceptedAt);
        }
    }

    private (ProviderResult Result, bool Fresh) Accept(OutgoingMessage message)
    {
        _received.AddOrUpdate(message.SendId, 1, (_, n) => n + 1);
        // Unique across restarts, so a status callback can never match another send's message.
        var externalId = ExternalId(message);
        return (ProviderResult.Ok(externalId), _accepted.TryAdd(message.SendId, externalId));
    }

    private static string ExternalId(OutgoingMessage message) => $"sbx_{message.Channel}_{message.SendId}";

    public Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken) =>
        Task.FromResult(_accepted.TryGetValue(message.SendId, out var id)
            ? new ProviderLookup(ProviderLookup.Found, id)
            : new ProviderLookup(ProviderLookup.NotFound));

    /// <summary>
    /// Written with its own connection and never cancelled: the messages are accepted, so what their
    /// recipients do must be owed even if the dispatching consumer rolls back or stops.
    /// </summary>
    private async Task ScheduleReactionsAsync(IReadOnlyList<OutgoingMessage> messages, DateTimeOffset acceptedAt)
    {
        if (messages.Count == 0) return;
        var compositions = await ReadCompositionsAsync([.. messages.Where(m => m.CompositionId is not null).Select(m => m.CompositionId!).Distinct()]);
        var rows = new List<(OutgoingMessage Message, SandboxReaction Reaction)>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var audience = scope.ServiceProvider.GetRequiredService<ISandboxAudience>();
            foreach (var message in messages)
            {
                var (snippets, promptVersion) = message.CompositionId is { } compositionId ? compositions.GetValueOrDefault(compositionId, ([], null)) : ([], null);
                foreach (var reaction in audience.React(new SandboxDelivery(message.WorkspaceId, message.SendId, message.PersonId, message.Channel,
                             message.Recipient, message.Subject, message.Body, acceptedAt, snippets, promptVersion)))
                    rows.Add((message, reaction));
            }
        }
        if (rows.Count == 0) return;

        var scale = Math.Max(0, options.Value.DelayScale);
        await using var command = database.CreateCommand("""
            insert into send_sandbox_webhooks (workspace_id, send_id, channel, kind, recipient, external_id, reply_text, url, due_at, attempts)
            select u.workspace_id, u.send_id, u.channel, u.kind, u.recipient, u.external_id, u.reply_text, u.url, u.due_at, 0
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
                as u(workspace_id, send_id, channel, kind, recipient, external_id, reply_text, url, due_at)
            """);
        command.Parameters.AddWithValue(rows.Select(r => r.Message.WorkspaceId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Message.SendId).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Message.Channel).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Reaction.Kind).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => r.Message.Recipient).ToArray());
        command.Parameters.AddWithValue(rows.Select(r => ExternalId(r.Message)).ToArray());
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => r.Reaction.ReplyText).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = rows.Select(r => r.Reaction.Url).ToArray() });
        command.Parameters.AddWithValue(rows.Select(r => acceptedAt + r.Reaction.After * scale).ToArray());
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>What each composition chose, for an audience that rewards good copy; content given as is has none and costs no read.</summary>
    private async Task<Dictionary<string, (IReadOnlyList<string> Snippets, string? PromptVersion)>> ReadCompositionsAsync(string[] compositionIds)
    {
        var result = new Dictionary<string, (IReadOnlyList<string>, string?)>(StringComparer.Ordinal);
        if (compositionIds.Length == 0) return result;
        await using var command = database.CreateCommand("select id, snippets_used, prompt_version from compositions where id = any($1)");
        command.Parameters.AddWithValue(compositionIds);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
            result[reader.GetString(0)] = (reader.IsDBNull(1) ? [] : reader.GetFieldValue<string[]>(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        return result;
    }
}
