using System.Net;
using System.Text.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Events;

public sealed class StreamTests(TestServers servers) : EventsTest(servers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Events:Stream:HeartbeatSeconds"] = "0.3",
    };

    [Fact]
    public async Task The_stream_delivers_a_matching_event_ingested_after_subscribing_and_skips_others()
    {
        await using var stream = await SseReader.OpenAsync(Client, "/api/events/stream?types=email.replied&channels=email");
        await stream.WaitForCommentAsync("connected");

        await IngestAsync(new { type = "email.opened", channel = "email" });
        var reply = await IngestAsync(new { type = "email.replied", channel = "email", payload = new { text = "Interested" } });

        var (id, data) = await stream.NextEventAsync();
        Assert.Equal(reply.Id, id);
        var e = JsonSerializer.Deserialize<Event>(data, Json)!;
        Assert.Equal("email.replied", e.Type);
        Assert.Equal("Interested", e.Payload.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("/api/events/stream")]
    [InlineData("/events/stream")]
    public async Task A_reconnect_with_Last_Event_ID_resumes_with_what_was_missed(string path)
    {
        var first = await IngestAsync(new { type = "sms.sent", channel = "sms" });
        var missed1 = await IngestAsync(new { type = "sms.delivered", channel = "sms" });
        var missed2 = await IngestAsync(new { type = "sms.replied", channel = "sms", payload = new { body = "yes" } });

        await using var stream = await SseReader.OpenAsync(Client, path, lastEventId: first.Id);
        var a = await stream.NextEventAsync();
        var b = await stream.NextEventAsync();
        // A body unlike the first event's: an identical one within 60 s would be replayed, not stored.
        var live = await IngestAsync(new { type = "sms.sent", channel = "sms", payload = new { live = true } });
        var c = await stream.NextEventAsync();

        Assert.Equal([missed1.Id, missed2.Id, live.Id], [a.Id, b.Id, c.Id]);
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeats_and_only_its_own_workspaces_events()
    {
        var (_, otherKey) = await CreateWorkspaceAsync("other");
        await using var stream = await SseReader.OpenAsync(Client, "/api/events/stream");
        await stream.WaitForCommentAsync("connected");

        var other = ClientWithKey(otherKey);
        (await other.PostAsync("/api/events", JsonContent("""{"type":"email.sent"}"""))).EnsureSuccessStatusCode();

        await stream.WaitForCommentAsync("heartbeat");
        var mine = await IngestAsync(new { type = "email.sent" });
        Assert.Equal(mine.Id, (await stream.NextEventAsync()).Id);
    }

    [Fact]
    public async Task A_bad_filter_is_400_and_no_key_is_401()
    {
        await (await Client.GetAsync("/api/events/stream?channels=fax")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientWithKey(null).GetAsync("/api/events/stream")).StatusCode);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

/// <summary>Reads a Server-Sent Events response line by line with a deadline on every wait.</summary>
internal sealed class SseReader : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _life = new();

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    public async Task WaitForCommentAsync(string text)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (true)
        {
            var line = await ReadLineAsync(deadline);
            if (line == ": " + text) return;
        }
    }

    public async Task<(string Id, string Data)> NextEventAsync()
    {
        string? id = null, data = null;
        // Heartbeats keep lines coming, so the deadline covers the whole wait, not each line.
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (true)
        {
            var line = await ReadLineAsync(deadline);
            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            else if (line.Length == 0 && id is not null && data is not null) return (id, data);
        }
    }

    private async Task<string> ReadLineAsync(DateTimeOffset deadline)
    {
        var left = deadline - DateTimeOffset.UtcNow;
        if (left <= TimeSpan.Zero) throw new TimeoutException($"Nothing expected arrived on the stream within {Timeout.TotalSeconds:0} s.");
        // WaitAsync as well as the token: a test-server body read does not always observe cancellation.
        return await _reader.ReadLineAsync(_life.Token).AsTask().WaitAsync(left) ?? throw new EndOfStreamException("The stream ended.");
    }

    public async ValueTask DisposeAsync()
    {
        await _life.CancelAsync();
        _reader.Dispose();
        _response.Dispose();
        _life.Dispose();
    }
}
