using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Spine;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// Providers:Mode=live with Reddit's token endpoint and OAuth API played by a local recorder: the
/// token request, the compose form, token renewal after a 401 or expiry, json.errors refusals, rate
/// limits, and a timeout that leaves the send unknown until the sent box confirms it.
/// </summary>
public sealed class RedditProviderTests(TestServers servers) : SendsTest(servers)
{
    private const string Compose = "/api/compose";
    private const string Token = "/api/v1/access_token";

    [Fact]
    public async Task A_private_message_goes_as_the_compose_form_with_a_refresh_token_grant_and_the_token_is_reused()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = r => Answer(r, TokenBody("tok-1", 3600), """{"json":{"errors":[]}}""");
        await using var workers = await StartAsync(fake);
        var reddit = Provider(workers);

        var first = await reddit.SendAsync(Message("ana_bakes", "Fresh bread today.", "Hello from the bakery"), CancellationToken.None);
        var second = await reddit.SendAsync(Message("u/ana_bakes", "Second loaf.", null), CancellationToken.None);

        Assert.Equal((ProviderResult.Accepted, ProviderResult.Accepted), (first.Kind, second.Kind));
        var requests = fake.Requests.ToArray();
        var token = Assert.Single(requests, r => r.Path == Token);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("reddit-app:reddit-secret")), token.Headers["Authorization"]);
        var grant = QueryHelpers.ParseQuery(token.Body);
        Assert.Equal(("refresh_token", "reddit-refresh"), (grant["grant_type"].ToString(), grant["refresh_token"].ToString()));
        Assert.Equal("server:reddit-app:1.0 (by /u/LoopDriveBot)", token.Headers["User-Agent"]);

        var composes = requests.Where(r => r.Path == Compose).ToArray();
        Assert.Equal(2, composes.Length);
        Assert.All(composes, c => Assert.Equal(("POST", "Bearer tok-1", "server:reddit-app:1.0 (by /u/LoopDriveBot)"),
            (c.Method, c.Headers["Authorization"], c.Headers["User-Agent"])));
        var form = QueryHelpers.ParseQuery(composes[0].Body);
        Assert.Equal(("json", "ana_bakes", "Hello from the bakery", "Fresh bread today."),
            (form["api_type"].ToString(), form["to"].ToString(), form["subject"].ToString(), form["text"].ToString()));
        var bare = QueryHelpers.ParseQuery(composes[1].Body);
        Assert.Equal(("ana_bakes", "A message for you"), (bare["to"].ToString(), bare["subject"].ToString()));
    }

    [Fact]
    public async Task A_401_renews_the_token_and_asks_once_more_and_an_expired_token_is_never_used()
    {
        await using var fake = await ProviderFake.StartAsync();
        var issued = 0;
        fake.Answer = r => r.Path switch
        {
            Token => (200, TokenBody($"tok-{Interlocked.Increment(ref issued)}", 3600), []),
            Compose when r.Headers["Authorization"] == "Bearer tok-1" => (401, """{"message":"Unauthorized","error":401}""", []),
            _ => (200, """{"json":{"errors":[]}}""", []),
        };
        await using var workers = await StartAsync(fake);

        var result = await Provider(workers).SendAsync(Message("ana_bakes", "Fresh bread today."), CancellationToken.None);

        Assert.Equal(ProviderResult.Accepted, result.Kind);
        var composes = fake.Requests.Where(r => r.Path == Compose).Select(r => r.Headers["Authorization"]).ToArray();
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], composes);
        Assert.Equal(2, fake.Requests.Count(r => r.Path == Token));

        // A token that lasts no time at all is fetched again for every call.
        await using var expiring = await ProviderFake.StartAsync();
        expiring.Answer = r => Answer(r, TokenBody("tok-short", 0), """{"json":{"errors":[]}}""");
        await using var other = await StartAsync(expiring);
        await Provider(other).SendAsync(Message("ana_bakes", "One."), CancellationToken.None);
        await Provider(other).SendAsync(Message("ana_bakes", "Two."), CancellationToken.None);
        Assert.Equal(2, expiring.Requests.Count(r => r.Path == Token));
    }

    [Fact]
    public async Task A_json_errors_refusal_fails_the_send_for_good_with_reddits_code()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = r => Answer(r, TokenBody("tok-1", 3600), """{"json":{"errors":[["USER_DOESNT_EXIST","that user doesn't exist","to"]]}}""");
        await using var workers = await StartAsync(fake);

        var direct = await Provider(workers).SendAsync(Message("nobody_here", "Hi"), CancellationToken.None);
        Assert.Equal((ProviderResult.Rejected, "USER_DOESNT_EXIST"), (direct.Kind, direct.Code));

        fake.Answer = r => Answer(r, TokenBody("tok-1", 3600),
            """{"json":{"errors":[["NOT_WHITELISTED_BY_USER_MESSAGE","you can't send a message to that user","to"]]}}""");
        var person = await CreateRedditPersonAsync("ana_bakes");
        var sendId = await SendAsync(person, "Fresh bread today.");

        await Eventually.TrueAsync(async () => (await StatusAsync(sendId)).Status == "failed", "the refused send fails");
        await using var db = Servers.CreateDbContext();
        Assert.Equal("NOT_WHITELISTED_BY_USER_MESSAGE", (await db.Sends.IgnoreQueryFilters().SingleAsync(s => s.Id == sendId)).ErrorCode);
        Assert.Single(fake.Requests, r => r.Path == Compose && r.Body.Contains("Fresh+bread", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rate_limits_come_back_as_retry_after_and_a_spent_budget_pauses_the_account()
    {
        await using var fake = await ProviderFake.StartAsync();
        fake.Answer = r => r.Path == Token
            ? (200, TokenBody("tok-1", 3600), [])
            : (429, """{"message":"Too Many Requests","error":429}""", new() { ["X-Ratelimit-Remaining"] = "0", ["X-Ratelimit-Reset"] = "42" });
        await using var workers = await StartAsync(fake);
        var reddit = Provider(workers);

        var limited = await reddit.SendAsync(Message("ana_bakes", "Hi"), CancellationToken.None);
        Assert.Equal((ProviderResult.Retryable, TimeSpan.FromSeconds(42)), (limited.Kind, limited.RetryAfter));

        fake.Answer = r => Answer(r, TokenBody("tok-1", 3600),
            """{"json":{"ratelimit":540.5,"errors":[["RATELIMIT","you are doing that too much. try again in 9 minutes.","ratelimit"]]}}""");
        var slowDown = await reddit.SendAsync(Message("ana_bakes", "Hi"), CancellationToken.None);
        Assert.Equal((ProviderResult.Retryable, "RATELIMIT", TimeSpan.FromSeconds(540.5)), (slowDown.Kind, slowDown.Code, slowDown.RetryAfter));

        // Accepted with the period's budget spent: nothing more goes to the account until Reddit's reset.
        fake.Answer = r => r.Path == Token
            ? (200, TokenBody("tok-1", 3600), [])
            : (200, """{"json":{"errors":[]}}""", new() { ["X-Ratelimit-Remaining"] = "0.0", ["X-Ratelimit-Reset"] = "30" });
        var last = await reddit.SendAsync(Message("ana_bakes", "Hi"), CancellationToken.None);
        Assert.Equal(ProviderResult.Accepted, last.Kind);
        var wait = await workers.Services.GetRequiredService<IProviderRateLimiter>().AcquireAsync("reddit", "loopdrivebot", null, held: false, CancellationToken.None);
        Assert.InRange(wait, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_compose_that_times_out_leaves_the_send_unknown_and_the_sent_box_settles_it_without_a_second_message()
    {
        await using var fake = await ProviderFake.StartAsync();
        const string text = "Your loaf is ready.";
        fake.Hang = r => r.Path == Compose;
        fake.Answer = r => r.Path.StartsWith("/message/sent", StringComparison.Ordinal)
            ? (200, SentBox(("t4_old", "ana_bakes", text, DateTimeOffset.UtcNow.AddDays(-3)), ("t4_2f9k1", "ana_bakes", text, DateTimeOffset.UtcNow)), [])
            : Answer(r, TokenBody("tok-1", 3600), """{"json":{"errors":[]}}""");
        await using var workers = await StartAsync(fake, new() { ["Reddit:Timeout"] = "00:00:01" });
        var person = await CreateRedditPersonAsync("ana_bakes");

        var sendId = await SendAsync(person, text);

        await Eventually.TrueAsync(async () => (await StatusAsync(sendId)).Events.Any(e => e.Type == "send.unknown"), "the timed-out send is unknown");
        await using var db = Servers.CreateDbContext();
        await Eventually.TrueAsync(async () => (await db.Sends.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == sendId)).Status == "sent",
            "the sent box confirms the message", TimeSpan.FromSeconds(60));
        Assert.Equal("t4_2f9k1", (await db.Sends.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.Id == sendId)).ExternalId);
        Assert.Single(fake.Requests, r => r.Path == Compose);

        // Nothing of ours in the sent box: a person must look, the message is never sent again.
        fake.Answer = r => r.Path.StartsWith("/message/sent", StringComparison.Ordinal)
            ? (200, SentBox(("t4_other", "someone_else", text, DateTimeOffset.UtcNow)), [])
            : Answer(r, TokenBody("tok-1", 3600), """{"json":{"errors":[]}}""");
        var lookup = await Provider(workers).LookupAsync(Message("ana_bakes", text), DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None);
        Assert.Equal(ProviderLookup.NotSeen, lookup.Kind);
    }

    private async Task<string> CreateRedditPersonAsync(string username)
    {
        var person = await CreateHandlePersonAsync(username, "reddit");
        // Quiet hours must not defer the send whatever hour the test runs at: the person lives where it is early afternoon.
        var offset = 13 - DateTimeOffset.UtcNow.Hour;
        var zone = offset == 0 ? "Etc/UTC" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
        (await Client.PatchAsJsonAsync($"/api/person/{person}", new { timezone = zone })).EnsureSuccessStatusCode();
        return person;
    }

    private async Task<string> SendAsync(string person, string body)
    {
        var response = await Client.PostAsJsonAsync("/api/social/reddit/dm", new { personId = person, platform = "reddit", body });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SendResult>())!.Id;
    }

    internal static (int, string, Dictionary<string, string>) Answer(ProviderFake.Recorded r, string token, string compose) =>
        r.Path == Token ? (200, token, []) : (200, compose, new() { ["X-Ratelimit-Remaining"] = "95.0", ["X-Ratelimit-Reset"] = "300" });

    internal static string TokenBody(string token, int expiresIn) =>
        JsonSerializer.Serialize(new { access_token = token, token_type = "bearer", expires_in = expiresIn, scope = "privatemessages" });

    private static string SentBox(params (string Name, string Dest, string Body, DateTimeOffset At)[] messages) => JsonSerializer.Serialize(new
    {
        kind = "Listing",
        data = new
        {
            after = (string?)null,
            children = messages.Select(m => new
            {
                kind = "t4",
                data = new { name = m.Name, dest = m.Dest, author = "LoopDriveBot", body = m.Body, subject = "Hi", created_utc = (double)m.At.ToUnixTimeSeconds() },
            }),
        },
    });

    private static ISendProvider Provider(SendWorkerHost workers) =>
        workers.Services.GetServices<ISendProvider>().Single(p => p.Handles("reddit"));

    private static OutgoingMessage Message(string to, string body, string? subject = null) =>
        new("send_1", "ws_1", "reddit", to, subject, body, null, null, null, null, null, 1);

    private Task<SendWorkerHost> StartAsync(ProviderFake fake, Dictionary<string, string?>? more = null) =>
        LiveProviderTests.StartLiveAsync(Servers, fake, RedditSettings(fake).Concat(more ?? []).ToDictionary());

    /// <summary>A Reddit account whose token endpoint and API are both the fake.</summary>
    internal static Dictionary<string, string?> RedditSettings(ProviderFake fake) => new()
    {
        ["Reddit:ClientId"] = "reddit-app",
        ["Reddit:ClientSecret"] = "reddit-secret",
        ["Reddit:RefreshToken"] = "reddit-refresh",
        ["Reddit:Username"] = "LoopDriveBot",
        ["Reddit:AuthBaseUrl"] = fake.BaseUrl,
        ["Reddit:ApiBaseUrl"] = fake.BaseUrl,
    };
}
