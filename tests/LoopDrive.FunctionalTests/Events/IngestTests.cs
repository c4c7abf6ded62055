using System.Net;
using System.Net.Http.Json;
using System.Text;
using LoopDrive.Contracts.Events;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Events;

public sealed class IngestTests(TestServers servers) : EventsTest(servers)
{
    [Theory]
    [InlineData("/api/events/ingest")]
    [InlineData("/api/events")]
    [InlineData("/events")]
    public async Task Every_single_ingest_route_stores_the_event_and_answers_202(string path)
    {
        var personId = await NewPersonAsync("ada@example.com");

        var stored = await IngestAsync(new { type = "email.opened", channel = "email", source = "sendgrid", personId, payload = new { sendId = "send_1" } }, path);

        Assert.StartsWith("evt_", stored.Id);
        Assert.Equal(personId, stored.PersonId);
        Assert.Equal(WorkspaceId, stored.WorkspaceId);
        Assert.Equal("send_1", stored.Payload.GetProperty("sendId").GetString());
        Assert.True(stored.Ts > DateTimeOffset.UtcNow.AddMinutes(-1));
        await using var db = Servers.CreateDbContext();
        Assert.Equal(1, await db.Events.CountAsync());
    }

    [Fact]
    public async Task A_backfill_timestamp_is_kept()
    {
        var ts = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var stored = await IngestAsync(new { type = "conversion.purchase", source = "stripe", ts = "2025-01-02T03:04:05.678Z" });
        Assert.Equal(ts, stored.Ts);
    }

    [Fact]
    public async Task An_unknown_person_is_stored_unattached_and_flagged()
    {
        var stored = await IngestAsync(new { type = "email.clicked", source = "api", personId = "per_doesnotexist" });

        Assert.Null(stored.PersonId);
        Assert.Equal("per_doesnotexist", stored.UnresolvedPersonId);
    }

    [Fact]
    public async Task A_person_of_another_workspace_is_unknown_here()
    {
        var (_, otherKey) = await CreateWorkspaceAsync("other");
        var other = ClientWithKey(otherKey);
        var resolved = await (await other.PostAsJsonAsync("/api/person/resolve", new { email = "x@example.com" }))
            .Content.ReadFromJsonAsync<LoopDrive.Contracts.People.PersonResolutionResult>();

        var stored = await IngestAsync(new { type = "email.clicked", source = "api", personId = resolved!.Person.Id });

        Assert.Null(stored.PersonId);
        Assert.Equal(resolved.Person.Id, stored.UnresolvedPersonId);
    }

    [Theory]
    [InlineData("""{"type":"Email.Opened","source":"api"}""", "type")]
    [InlineData("""{"type":"opened","source":"api"}""", "type")]
    [InlineData("""{"type":"email.opened","payload":"text"}""", "payload")]
    [InlineData("""{"type":"email.opened","payload":[1]}""", "payload")]
    [InlineData("""{"type":"email.opened","channel":"pigeon"}""", "channel")]
    [InlineData("""{"type":"email.opened","ts":"2999-01-01T00:00:00.000Z"}""", "ts")]
    [InlineData("""{"type":"email.opened","ts":"yesterday"}""", "ts")]
    [InlineData("""{"type":"email.opened","metadata":5}""", "metadata")]
    [InlineData("""{"source":"api"}""", "type")]
    public async Task Bad_single_events_are_400_naming_the_field(string body, string field)
    {
        var response = await Client.PostAsync("/api/events/ingest", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_workspace_id_of_another_workspace_is_403()
    {
        var response = await Client.PostAsJsonAsync("/api/events/ingest", new { type = "email.opened", workspaceId = "ws_someoneelse" });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "workspace_mismatch");
    }

    [Fact]
    public async Task A_repeated_idempotency_key_answers_the_first_event_and_stores_one()
    {
        var first = await IngestAsync(new { type = "email.opened", metadata = new { idempotencyKey = "sg-1" } });
        // A different body (other payload) with the same key: the key decides, not the body.
        var second = await IngestAsync(new { type = "email.opened", payload = new { again = true }, metadata = new { idempotencyKey = "sg-1" } });

        Assert.Equal(first.Id, second.Id);
        await using var db = Servers.CreateDbContext();
        Assert.Equal(1, await db.Events.CountAsync());
    }

    [Theory]
    [InlineData("/api/events/ingest/batch")]
    [InlineData("/api/events/batch")]
    [InlineData("/events/batch")]
    public async Task A_mixed_batch_stores_the_valid_items_and_lists_each_refusal(string path)
    {
        var personId = await NewPersonAsync("grace@example.com");
        object[] events =
        [
            new { type = "email.sent", channel = "email", personId },
            new { type = "NOT_DOTTED" },
            new { type = "email.opened", channel = "email", personId, payload = "not an object" },
            new { type = "email.clicked", channel = "email", personId = "per_unknown" },
            new { type = "email.opened", ts = "2999-01-01T00:00:00.000Z" },
        ];

        var result = await IngestBatchAsync(events, path);

        Assert.Equal(2, result.Ingested);
        Assert.Equal(3, result.Failed);
        Assert.Contains(result.Errors, e => e is { Index: 1, Field: "type" });
        Assert.Contains(result.Errors, e => e is { Index: 2, Field: "payload" });
        Assert.Contains(result.Errors, e => e is { Index: 4, Field: "ts" });
        await using var db = Servers.CreateDbContext();
        var stored = await db.Events.OrderBy(e => e.Type).ToListAsync();
        Assert.Equal(["email.clicked", "email.sent"], stored.Select(e => e.Type));
        Assert.Equal("per_unknown", stored[0].UnresolvedPersonId);
        Assert.Equal(personId, stored[1].PersonId);
    }

    [Fact]
    public async Task A_large_batch_goes_through_the_copy_path_and_a_replay_stores_nothing_new()
    {
        var personId = await NewPersonAsync("lin@example.com");
        var events = Enumerable.Range(0, 300).Select(i => (object)new
        {
            type = i % 2 == 0 ? "email.sent" : "email.opened",
            channel = "email",
            source = "sendgrid",
            personId,
            payload = new { n = i },
            metadata = new { idempotencyKey = $"batch-{i}" },
        }).ToList();

        var first = await IngestBatchAsync(events);
        // Past the 60 s key-less window a replay reaches the store: the idempotency keys must hold.
        var replay = await Client.PostAsJsonAsync("/api/events/batch", new { events, note = "a different body, so not deduplicated by body" });

        Assert.Equal(300, first.Ingested);
        Assert.Equal(0, first.Duplicates);
        var replayed = await replay.Content.ReadFromJsonAsync<BatchIngestResult>();
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(300, replayed!.Duplicates);
        await using var db = Servers.CreateDbContext();
        Assert.Equal(300, await db.Events.CountAsync());
        Assert.Equal(300, await db.Events.CountAsync(e => e.PersonId == personId));
    }

    [Fact]
    public async Task A_byte_identical_batch_repeat_is_replayed_without_storing()
    {
        object[] events = [new { type = "sms.sent", channel = "sms" }, new { type = "sms.delivered", channel = "sms" }];

        var first = await IngestBatchAsync(events);
        var second = await IngestBatchAsync(events);

        Assert.Equal(first, second with { Errors = first.Errors });
        await using var db = Servers.CreateDbContext();
        Assert.Equal(2, await db.Events.CountAsync());
    }

    [Fact]
    public async Task A_batch_of_1001_is_400_naming_the_limit()
    {
        var events = Enumerable.Range(0, 1001).Select(_ => (object)new { type = "email.sent" });

        var response = await Client.PostAsJsonAsync("/api/events/batch", new { events });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("1000", problem.GetProperty("errors").GetProperty("events")[0].GetString());
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.Events.CountAsync());
    }

    [Fact]
    public async Task A_body_over_the_batch_limit_is_413_and_the_single_route_keeps_the_default_limit()
    {
        var big = new string('x', 17 * 1024 * 1024);
        var batch = await Client.PostAsync("/api/events/batch",
            new StringContent("{\"events\":[{\"type\":\"email.sent\",\"payload\":{\"blob\":\"" + big + "\"}}]}", Encoding.UTF8, "application/json"));
        await batch.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        var mid = new string('x', 2 * 1024 * 1024);
        var single = await Client.PostAsync("/api/events/ingest",
            new StringContent("{\"type\":\"email.sent\",\"payload\":{\"blob\":\"" + mid + "\"}}", Encoding.UTF8, "application/json"));
        await single.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        var midBatch = await Client.PostAsync("/api/events/batch",
            new StringContent("{\"events\":[{\"type\":\"email.sent\",\"payload\":{\"blob\":\"" + mid + "\"}}]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, midBatch.StatusCode);
    }

    [Fact]
    public async Task A_text_bearing_reply_is_queued_for_classification_and_an_open_is_not()
    {
        var personId = await NewPersonAsync("reply@example.com");
        await IngestBatchAsync(
        [
            new { type = "email.replied", channel = "email", personId, payload = new { text = "Can we book a demo next week?" } },
            new { type = "email.opened", channel = "email", personId, payload = new { text = "ignored: opens carry no words" } },
        ]);

        await using var db = Servers.CreateDbContext();
        var queued = await db.OutboxMessages.Where(m => m.Stream == "intake.embed").ToListAsync();
        var message = Assert.Single(queued);
        var replied = await db.Events.SingleAsync(e => e.Type == "email.replied");
        Assert.Contains(replied.Id, message.Payload);
    }
}
