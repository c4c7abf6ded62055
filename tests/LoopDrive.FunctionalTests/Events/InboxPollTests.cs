using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using LoopDrive.Contracts.People;
using LoopDrive.Core.Events.Intake;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Sends;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>
/// The scheduled pulls of <c>intake.fetch</c> in live mode, against recorders standing in for
/// Reddit and X: new messages reach intake once, an empty poll hands nothing, a restart resumes
/// from the stored cursor, and one poller at a time reads an account.
/// </summary>
public sealed class InboxPollTests(TestServers servers) : EventsTest(servers)
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_reddit_poll_hands_new_messages_over_once_marks_them_read_and_a_restart_resumes_from_the_cursor()
    {
        await using var fake = await ProviderFake.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var inbox = new ConcurrentQueue<RedditItem>();
        inbox.Enqueue(new("t4_a1", "t4", "Ana_Bakes", "Is the sourdough back this week?", now.AddMinutes(-3), New: true));
        inbox.Enqueue(new("t1_b2", "t1", "ben_reads", "Great thread, thanks!", now.AddMinutes(-2), New: true));
        fake.Answer = r => RedditAnswer(r, inbox);
        // Ana was written to from this workspace (as ana_bakes: names are stored lower-cased); Ben is a first contact.
        var ana = await SentToAsync("ana_bakes");
        var (elsewhere, _) = await CreateWorkspaceAsync("first-contacts");

        PollInbox.Result first, second;
        await using (var workers = await InboxPollHost.StartAsync(Servers, fake, elsewhere.Id, scheduled: false))
        {
            first = await PollAsync(workers, "reddit");
            second = await PollAsync(workers, "reddit");
            await EventuallyEventsAsync("reddit", 2);
        }

        Assert.Equal((true, 2, 2), (first.Ran, first.Fetched, first.Handed));
        Assert.Equal((true, 0, 0), (second.Ran, second.Fetched, second.Handed));
        var read = Assert.Single(fake.Requests, r => r.Path == "/api/read_message");
        Assert.Equal("t4_a1,t1_b2", QueryHelpers.ParseQuery(read.Body)["id"].ToString());
        var listing = fake.Requests.First(r => r.Path.StartsWith("/message/inbox", StringComparison.Ordinal));
        Assert.Contains("mark=false", listing.Path);
        Assert.Equal("Bearer tok-1", listing.Headers["Authorization"]);
        await using (var db = Servers.CreateDbContext())
        {
            var events = await db.Events.IgnoreQueryFilters().OrderBy(e => e.Ts).ToListAsync();
            Assert.Equal(["dm.replied", "reddit.commented"], events.Select(e => e.Type));
            Assert.Equal(["reddit:t4_a1", "reddit:t1_b2"], events.Select(e => e.IdempotencyKey));
            Assert.Equal((WorkspaceId, ana), (events[0].WorkspaceId, events[0].PersonId));
            Assert.Equal(elsewhere.Id, events[1].WorkspaceId);
            Assert.NotNull(events[1].PersonId);
            Assert.Contains("sourdough", events[0].Payload);
        }

        // Read on reddit.com meanwhile, and one new message: a new process reads from the stored cursor.
        var old = inbox.ToArray();
        inbox.Clear();
        inbox.Enqueue(new("t4_c3", "t4", "Ana_Bakes", "Also, do you deliver?", now.AddMinutes(-1), New: true));
        foreach (var item in old) inbox.Enqueue(item with { New = false });
        await using (var restarted = await InboxPollHost.StartAsync(Servers, fake, elsewhere.Id, scheduled: false))
        {
            var resumed = await PollAsync(restarted, "reddit");
            Assert.Equal((true, 1, 1), (resumed.Ran, resumed.Fetched, resumed.Handed));
            await EventuallyEventsAsync("reddit", 3);
        }
        Assert.Equal("t4_c3", QueryHelpers.ParseQuery(fake.Requests.Last(r => r.Path == "/api/read_message").Body)["id"].ToString());
        await using var check = Servers.CreateDbContext();
        var cursor = await check.InboxPollCursors.SingleAsync(c => c.Provider == "reddit");
        Assert.Equal(("loopdrivebot", "t4_c3"), (cursor.Account, cursor.LastId));
    }

    [Fact]
    public async Task The_scheduled_x_poll_ingests_others_messages_once_and_resumes_after_a_restart()
    {
        await using var fake = await ProviderFake.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var events = new ConcurrentQueue<XEvent>();
        events.Enqueue(new("1580000000000000103", "9001", "Do you ship to Canada?", now.AddMinutes(-1)));
        events.Enqueue(new("1580000000000000102", "42", "Thanks for the follow!", now.AddMinutes(-2)));
        events.Enqueue(new("1580000000000000101", "9001", "Hi there", now.AddMinutes(-3)));
        fake.Answer = r => XAnswer(r, events);

        await using (var workers = await InboxPollHost.StartAsync(Servers, fake, WorkspaceId, scheduled: true))
        {
            await EventuallyEventsAsync("x", 2);
            // Several more polls find nothing new.
            var reads = DmReads(fake);
            await Eventually.TrueAsync(() => Task.FromResult(DmReads(fake) >= reads + 3), "three more polls", PipelineTimeout);
            Assert.Equal(2, await CountAsync("x"));
        }
        await using (var db = Servers.CreateDbContext())
        {
            var stored = await db.Events.IgnoreQueryFilters().Where(e => e.WorkspaceId == WorkspaceId).OrderBy(e => e.Ts).ToListAsync();
            Assert.Equal(["x:1580000000000000101", "x:1580000000000000103"], stored.Select(e => e.IdempotencyKey));
            Assert.All(stored, e => Assert.Equal(("dm.replied", "x"), (e.Type, e.Channel)));
            // The account's own message moves the cursor too.
            var cursor = await db.InboxPollCursors.SingleAsync(c => c.Provider == "x");
            Assert.Equal(("42", "1580000000000000103"), (cursor.Account, cursor.LastId));
        }
        var read = fake.Requests.First(r => r.Path.StartsWith("/2/dm_events", StringComparison.Ordinal));
        Assert.Contains("event_types=MessageCreate", read.Path);
        Assert.Equal("Bearer x-user-token", read.Headers["Authorization"]);

        events.Enqueue(new("1580000000000000104", "9001", "Ok, ordering now", now));
        await using (var restarted = await InboxPollHost.StartAsync(Servers, fake, WorkspaceId, scheduled: false))
        {
            var resumed = await PollAsync(restarted, "x");
            Assert.Equal((true, 1, 1), (resumed.Ran, resumed.Fetched, resumed.Handed));
            await EventuallyEventsAsync("x", 3);
        }
    }

    [Fact]
    public async Task An_account_whose_cursor_another_poller_holds_is_skipped_without_reading_it()
    {
        await using var fake = await ProviderFake.StartAsync();
        var inbox = new ConcurrentQueue<RedditItem>();
        inbox.Enqueue(new("t4_a1", "t4", "ana_bakes", "Hello", DateTimeOffset.UtcNow, New: true));
        fake.Answer = r => RedditAnswer(r, inbox);
        await using var workers = await InboxPollHost.StartAsync(Servers, fake, WorkspaceId, scheduled: false);
        await using (var db = Servers.CreateDbContext())
        {
            db.InboxPollCursors.Add(new InboxPollCursor { Provider = "reddit", Account = "loopdrivebot" });
            await db.SaveChangesAsync();
        }

        await using (var other = new NpgsqlConnection(Servers.DatabaseConnectionString))
        {
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand("select 1 from intake_poll_cursors where provider = 'reddit' for update", other, transaction))
                await hold.ExecuteScalarAsync();

            var skipped = await PollAsync(workers, "reddit");

            Assert.False(skipped.Ran);
            Assert.DoesNotContain(fake.Requests, r => r.Path.StartsWith("/message/inbox", StringComparison.Ordinal));
            await transaction.RollbackAsync();
        }

        var ran = await PollAsync(workers, "reddit");
        Assert.Equal((true, 1), (ran.Ran, ran.Handed));
    }

    [Fact]
    public async Task A_poll_pages_back_until_it_reaches_the_cursor_and_reads_no_further()
    {
        await using var fake = await ProviderFake.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var reddit = Enumerable.Range(1, 5).Select(i => new RedditItem($"t4_n{i}", "t4", "ana_bakes", $"Message {i}", now.AddMinutes(i - 10), New: false)).ToArray();
        var x = Enumerable.Range(1, 5).Select(i => new XEvent($"158000000000000010{i}", "9001", $"DM {i}", now.AddMinutes(i - 10))).ToArray();
        fake.Answer = r => r.Path.StartsWith("/message/inbox", StringComparison.Ordinal) ? RedditPage(r, reddit)
            : r.Path.StartsWith("/2/dm_events", StringComparison.Ordinal) ? XPage(r, x)
            : r.Path.StartsWith("/2/", StringComparison.Ordinal) ? XAnswer(r, new ConcurrentQueue<XEvent>())
            : RedditAnswer(r, new ConcurrentQueue<RedditItem>());
        await using (var db = Servers.CreateDbContext())
        {
            db.InboxPollCursors.Add(new InboxPollCursor { Provider = "reddit", Account = "loopdrivebot", LastId = "t4_n2", LastAt = reddit[1].At });
            db.InboxPollCursors.Add(new InboxPollCursor { Provider = "x", Account = "42", LastId = x[1].Id });
            await db.SaveChangesAsync();
        }
        await using var workers = await InboxPollHost.StartAsync(Servers, fake, WorkspaceId, scheduled: false);

        var fromReddit = await PollAsync(workers, "reddit");
        var fromX = await PollAsync(workers, "x");

        Assert.Equal((3, 3), (fromReddit.Fetched, fromReddit.Handed));
        Assert.Equal((3, 3), (fromX.Fetched, fromX.Handed));
        var redditReads = fake.Requests.Where(r => r.Path.StartsWith("/message/inbox", StringComparison.Ordinal)).Select(r => r.Path).ToArray();
        Assert.Equal(2, redditReads.Length);
        Assert.Contains("after=t4_n4", redditReads[1]);
        var xReads = fake.Requests.Where(r => r.Path.StartsWith("/2/dm_events", StringComparison.Ordinal)).Select(r => r.Path).ToArray();
        Assert.Equal(2, xReads.Length);
        Assert.Contains("pagination_token=page-2", xReads[1]);
        await EventuallyEventsAsync("reddit", 3);
        await EventuallyEventsAsync("x", 3);
        await using var check = Servers.CreateDbContext();
        Assert.Equal(["reddit:t4_n3", "reddit:t4_n4", "reddit:t4_n5"],
            await check.Events.IgnoreQueryFilters().Where(e => e.Source == "reddit").OrderBy(e => e.IdempotencyKey).Select(e => e.IdempotencyKey).ToListAsync());
    }

    /// <summary>Reddit's inbox two items a page, newest first, <c>after</c> naming the page's last item while more remain.</summary>
    private static (int, string, Dictionary<string, string>) RedditPage(ProviderFake.Recorded r, RedditItem[] items)
    {
        var newest = items.OrderByDescending(i => i.At).ToList();
        var after = QueryHelpers.ParseQuery(new Uri("http://x" + r.Path).Query).TryGetValue("after", out var a) ? a.ToString() : null;
        var start = after is null ? 0 : newest.FindIndex(i => i.Name == after) + 1;
        var page = newest.Skip(start).Take(2).ToList();
        var next = start + page.Count < newest.Count ? page[^1].Name : null;
        var children = page.Select(i => new { kind = i.Kind, data = new { name = i.Name, author = i.Author, body = i.Body, created_utc = (double)i.At.ToUnixTimeSeconds() } });
        return (200, JsonSerializer.Serialize(new { kind = "Listing", data = new { after = next, children } }), []);
    }

    /// <summary>X's DM events two a page, newest first, <c>meta.next_token</c> while more remain.</summary>
    private static (int, string, Dictionary<string, string>) XPage(ProviderFake.Recorded r, XEvent[] events)
    {
        var newest = events.OrderByDescending(e => e.Id, StringComparer.Ordinal).ToList();
        var token = QueryHelpers.ParseQuery(new Uri("http://x" + r.Path).Query).TryGetValue("pagination_token", out var t) ? t.ToString() : null;
        var number = token is null ? 1 : int.Parse(token["page-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var page = newest.Skip((number - 1) * 2).Take(2).Select(e => new { id = e.Id, event_type = "MessageCreate", text = e.Text, sender_id = e.Sender, created_at = e.At.ToString("O") }).ToArray();
        var next = number * 2 < newest.Count ? $"page-{number + 1}" : null;
        return (200, JsonSerializer.Serialize(new { data = page, meta = new { result_count = page.Length, next_token = next } }), []);
    }

    private sealed record RedditItem(string Name, string Kind, string Author, string Body, DateTimeOffset At, bool New);

    private sealed record XEvent(string Id, string Sender, string Text, DateTimeOffset At);

    private static async Task<PollInbox.Result> PollAsync(InboxPollHost host, string provider)
    {
        var source = host.Services.GetServices<IInboxPollSource>().Single(s => s.Provider == provider);
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PollInbox>().HandleAsync(source, CancellationToken.None);
    }

    /// <summary>Events of <paramref name="source"/> in every workspace.</summary>
    private async Task<int> CountAsync(string source)
    {
        await using var db = Servers.CreateDbContext();
        return await db.Events.IgnoreQueryFilters().CountAsync(e => e.Source == source);
    }

    /// <summary>A person known by a Reddit name and an earlier Reddit send to them from this workspace: what routes their replies here.</summary>
    private async Task<string> SentToAsync(string username)
    {
        var response = await Client.PostAsJsonAsync("/api/person/resolve", new { handle = username, type = "reddit" });
        response.EnsureSuccessStatusCode();
        var person = (await response.Content.ReadFromJsonAsync<PersonResolutionResult>())!.Person.Id;
        await using var db = Servers.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        db.Sends.Add(new Core.Sends.Send
        {
            Id = Core.Common.Ids.New("snd"), WorkspaceId = WorkspaceId, PersonId = person, Channel = "reddit", Purpose = "marketing",
            Status = "sent", Recipient = username, Body = "Fresh bread today.", ScheduledFor = now, QueuedAt = now, SentAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        return person;
    }

    private Task EventuallyEventsAsync(string source, int count) =>
        Eventually.TrueAsync(async () => await CountAsync(source) == count, $"{count} {source} events are stored", PipelineTimeout);

    private static int DmReads(ProviderFake fake) => fake.Requests.Count(r => r.Path.StartsWith("/2/dm_events", StringComparison.Ordinal));

    /// <summary>Reddit's token endpoint, its inbox listing (newest first) and read_message.</summary>
    private static (int, string, Dictionary<string, string>) RedditAnswer(ProviderFake.Recorded r, ConcurrentQueue<RedditItem> inbox)
    {
        if (r.Path == "/api/v1/access_token") return (200, RedditProviderTests.TokenBody("tok-1", 3600), []);
        if (!r.Path.StartsWith("/message/inbox", StringComparison.Ordinal)) return (200, "{}", []);
        var children = inbox.OrderByDescending(i => i.At).Select(i => new
        {
            kind = i.Kind,
            data = new
            {
                name = i.Name, author = i.Author, body = i.Body, subject = i.Kind == "t4" ? "re: Fresh bread" : "comment reply",
                created_utc = (double)i.At.ToUnixTimeSeconds(), @new = i.New, dest = "LoopDriveBot",
            },
        });
        return (200, JsonSerializer.Serialize(new { kind = "Listing", data = new { after = (string?)null, children } }), []);
    }

    /// <summary>X's user lookup (the account is user 42) and its DM events (newest first).</summary>
    private static (int, string, Dictionary<string, string>) XAnswer(ProviderFake.Recorded r, ConcurrentQueue<XEvent> events)
    {
        if (r.Path.StartsWith("/2/users/me", StringComparison.Ordinal)) return (200, """{"data":{"id":"42","username":"loopdrive"}}""", []);
        if (!r.Path.StartsWith("/2/dm_events", StringComparison.Ordinal)) return (200, "{}", []);
        var data = events.OrderByDescending(e => e.Id.Length).ThenByDescending(e => e.Id, StringComparer.Ordinal).Select(e => new
        {
            id = e.Id, event_type = "MessageCreate", text = e.Text, sender_id = e.Sender, created_at = e.At.ToString("O"), dm_conversation_id = "42-" + e.Sender,
        }).ToArray();
        return (200, JsonSerializer.Serialize(new { data, meta = new { result_count = data.Length } }), []);
    }
}
