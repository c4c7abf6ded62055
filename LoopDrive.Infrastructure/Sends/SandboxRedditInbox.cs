using System.Text.Json;
using LoopDrive.Core.Events.Intake;
using LoopDrive.Core.Sends;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoopDrive.Infrastructure.Sends;

/// <summary>
/// The sandbox's Reddit account inbox. Reddit pushes no webhooks, so a live reply is only seen by
/// the scheduled poll of the account's inbox (<c>intake.fetch</c>); the sandbox keeps its simulated
/// recipients' replies to Reddit messages owed (<c>send_sandbox_webhooks</c>, channel reddit) and
/// serves them to that same poll as inbox children shaped like Reddit's own (<c>t4</c> private
/// messages, fullname, author, body, created_utc), so they take the live path: receipt per
/// fullname, routing by the author's last send, <c>intake.normalize</c>, the send moved to replied.
/// A reply is served only once its send's result is recorded, as a person can only answer a message
/// that reached them; it is removed once the poll has committed it, and a poll that dies before that
/// serves it again, which its receipt turns into a no-op.
/// </summary>
public sealed class SandboxRedditInbox(NpgsqlDataSource database, TimeProvider clock) : IInboxPollSource
{
    /// <summary>The sandbox account's name in its poll cursor.</summary>
    public const string Account = "sandbox";

    private const int PageSize = 100;

    public string Provider => "reddit";

    public Task<string?> AccountAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(Account);

    /// <summary>
    /// The owed reactions (aliased <c>w</c>) this inbox serves: messages from the recipient (a reply or a STOP) to a
    /// Reddit message, the only kind a Reddit inbox holds. The sandbox webhook delivery leaves them alone.
    /// </summary>
    public const string ServedSql = "(w.channel = 'reddit' and w.kind in ('reply', 'stop'))";

    public async Task<IReadOnlyList<PolledMessage>> FetchAsync(InboxPollCursor cursor, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            select w.id, w.recipient, w.reply_text, w.due_at, s.subject
            from send_sandbox_webhooks w join sends s on s.id = w.send_id
            where {ServedSql} and w.due_at <= $1 and s.status not in ('queued', 'deferred', 'dispatching', 'unknown')
            order by w.id limit $2
            """);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        command.Parameters.AddWithValue(PageSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<PolledMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = FullName(reader.GetInt64(0));
            var created = reader.GetFieldValue<DateTimeOffset>(3);
            var subject = reader.IsDBNull(4) ? null : reader.GetString(4);
            var payload = JsonSerializer.Serialize(new
            {
                kind = "t4",
                data = new
                {
                    name,
                    id = name[3..],
                    author = reader.GetString(1).ToLowerInvariant(),
                    dest = Account,
                    subject = "re: " + (subject ?? "A message for you"),
                    body = reader.IsDBNull(2) ? "" : reader.GetString(2),
                    created_utc = (double)created.ToUnixTimeSeconds(),
                    @new = true,
                    was_comment = false,
                },
            });
            messages.Add(new PolledMessage(name, created, payload, Unread: true));
        }
        return messages;
    }

    /// <summary>Marking them read is what ends the sandbox's debt: the replies handed over are no longer owed.</summary>
    public async Task AcknowledgeAsync(IReadOnlyList<PolledMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => Id(m.Id)).OfType<long>().ToArray();
        if (ids.Length == 0) return;
        await using var command = database.CreateCommand("delete from send_sandbox_webhooks where id = any($1)");
        command.Parameters.AddWithValue(ids);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A Reddit fullname for the owed row (<c>t4_</c> and a base-36 id, as Reddit writes them).</summary>
    public static string FullName(long id) => "t4_sbx" + Base36(id);

    private static long? Id(string fullName)
    {
        if (!fullName.StartsWith("t4_sbx", StringComparison.Ordinal)) return null;
        long value = 0;
        foreach (var c in fullName.AsSpan(6))
        {
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : -1;
            if (digit < 0) return null;
            value = value * 36 + digit;
        }
        return value;
    }

    private static string Base36(long value)
    {
        Span<char> buffer = stackalloc char[13];
        var i = buffer.Length;
        do
        {
            var digit = (int)(value % 36);
            buffer[--i] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            value /= 36;
        }
        while (value > 0);
        return new string(buffer[i..]);
    }
}

public static class SandboxRedditInboxRegistration
{
    /// <summary>Sandbox mode: the sandbox's Reddit inbox, read by the inbox poll exactly as a live Reddit account's.</summary>
    public static IServiceCollection AddSandboxRedditInbox(this IServiceCollection services) =>
        services.AddSingleton<IInboxPollSource, SandboxRedditInbox>();
}
