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
    NpgsqlDataSource database, IServiceScopeFactory scopes, IOptions<SandboxOptions> options, TimeProvider clock) : ISendProvider
{
    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);

    public string Name => "sandbox";

    public bool Handles(string channel) => true;

    public IReadOnlyDictionary<string, int> Received => _received;

    public int TotalReceived => _received.Values.Sum();

    public async Task<ProviderResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        _received.AddOrUpdate(message.SendId, 1, (_, n) => n + 1);
        // Unique across restarts, so a status callback can never match another send's message.
        var externalId = $"sbx_{message.Channel}_{message.SendId}";
        if (_accepted.TryAdd(message.SendId, externalId))
            await ScheduleReactionsAsync(message, externalId, clock.GetUtcNow());
        return ProviderResult.Ok(externalId);
    }

    public Task<ProviderLookup> LookupAsync(OutgoingMessage message, DateTimeOffset attemptedAt, CancellationToken cancellationToken) =>
        Task.FromResult(_accepted.TryGetValue(message.SendId, out var id)
            ? new ProviderLookup(ProviderLookup.Found, id)
            : new ProviderLookup(ProviderLookup.NotFound));

    /// <summary>
    /// Written with its own connection and never cancelled: the message is accepted, so what its
    /// recipient does must be owed even if the dispatching consumer rolls back or stops.
    /// </summary>
    private async Task ScheduleReactionsAsync(OutgoingMessage message, string externalId, DateTimeOffset acceptedAt)
    {
        var (personId, snippets, promptVersion) = await ReadCompositionAsync(message.SendId);
        IReadOnlyList<SandboxReaction> reactions;
        await using (var scope = scopes.CreateAsyncScope())
        {
            reactions = scope.ServiceProvider.GetRequiredService<ISandboxAudience>().React(new SandboxDelivery(
                message.WorkspaceId, message.SendId, personId, message.Channel, message.Recipient, message.Subject, message.Body,
                acceptedAt, snippets, promptVersion));
        }
        if (reactions.Count == 0) return;

        var scale = Math.Max(0, options.Value.DelayScale);
        await using var batch = database.CreateBatch();
        foreach (var reaction in reactions)
        {
            var command = new NpgsqlBatchCommand("""
                insert into send_sandbox_webhooks (workspace_id, send_id, channel, kind, recipient, external_id, reply_text, url, due_at, attempts)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)
                """);
            command.Parameters.AddWithValue(message.WorkspaceId);
            command.Parameters.AddWithValue(message.SendId);
            command.Parameters.AddWithValue(message.Channel);
            command.Parameters.AddWithValue(reaction.Kind);
            command.Parameters.AddWithValue(message.Recipient);
            command.Parameters.AddWithValue(externalId);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)reaction.ReplyText ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)reaction.Url ?? DBNull.Value });
            command.Parameters.AddWithValue(acceptedAt + reaction.After * scale);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Who the send is for and what composition chose, for an audience that rewards good copy.</summary>
    private async Task<(string? PersonId, IReadOnlyList<string> Snippets, string? PromptVersion)> ReadCompositionAsync(string sendId)
    {
        await using var command = database.CreateCommand("""
            select s.person_id, c.snippets_used, c.prompt_version
            from sends s left join compositions c on c.id = s.composition_id where s.id = $1
            """);
        command.Parameters.AddWithValue(sendId);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        if (!await reader.ReadAsync(CancellationToken.None)) return (null, [], null);
        return (reader.GetString(0), reader.IsDBNull(1) ? [] : reader.GetFieldValue<string[]>(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }
}
