using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Sends;
using LoopDrive.Core.Common;
using LoopDrive.Core.Sends;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>Concurrent single sends share reads and one commit; each is answered and stored exactly as if accepted alone.</summary>
public sealed class AcceptGroupCommitTests(TestServers servers) : SendsTest(servers)
{
    [Fact]
    public async Task Concurrent_sends_of_two_workspaces_are_each_answered_and_stored_as_if_alone()
    {
        var consented = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => CreatePersonAsync($"p{i}@example.com")));
        var refusing = await CreatePersonAsync("no@example.com", consent: false);
        var (otherWorkspace, otherKey) = await CreateWorkspaceAsync("other");
        var other = ClientWithKey(otherKey);
        var foreign = await CreatePersonAsync("far@example.com", client: other);
        var theirs = await CreatePersonAsync("theirs@example.com", client: other);

        var later = DateTimeOffset.UtcNow.AddHours(2);
        var requests = new List<(string Name, Func<Task<HttpResponseMessage>> Call)>();
        foreach (var (person, i) in consented.Select((p, i) => (p, i)))
        {
            requests.Add(($"now{i}", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, Subject: "Hi", Body: $"Note {i}"))));
            requests.Add(($"compose{i}", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: person, BrandId: "brand_1", Objective: "welcome"))));
        }
        requests.Add(("later", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: consented[0], Body: "Later", ScheduleFor: later))));
        requests.Add(("refused", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: refusing, Body: "x"))));
        requests.Add(("foreign", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: foreign, Body: "x"))));
        requests.Add(("address", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(To: "p3@example.com", Body: "By address"))));
        requests.Add(("upper", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(To: " P5@Example.COM ", Body: "Normalized"))));
        requests.Add(("unknown", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(To: "nobody@example.com", Body: "x"))));
        requests.Add(("elsewhere", () => Client.PostAsJsonAsync("/api/email/send", new EmailSendRequest(To: "theirs@example.com", Body: "x"))));
        requests.Add(("theirs", () => other.PostAsJsonAsync("/api/email/send", new EmailSendRequest(PersonId: theirs, Body: "Their note"))));

        var responses = await Task.WhenAll(requests.Select(r => r.Call()));
        var byName = requests.Select((r, i) => (r.Name, Response: responses[i])).ToDictionary(x => x.Name, x => x.Response);

        await byName["refused"].AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "consent_required");
        await byName["foreign"].AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await byName["unknown"].AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await byName["elsewhere"].AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var accepted = new Dictionary<string, SendResult>();
        foreach (var (name, response) in byName.Where(x => x.Key is not ("refused" or "foreign" or "unknown" or "elsewhere")))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted[name] = (await response.Content.ReadFromJsonAsync<SendResult>())!;
        }
        Assert.Equal(consented[3], accepted["address"].PersonId);
        Assert.Equal(consented[5], accepted["upper"].PersonId);
        Assert.Equal(theirs, accepted["theirs"].PersonId);
        // A send waiting for its time is queued to the caller, deferred in the store.
        Assert.Equal(("queued", later.ToUnixTimeSeconds()), (accepted["later"].Status, accepted["later"].ScheduledFor!.Value.ToUnixTimeSeconds()));

        await using var db = Servers.CreateDbContext();
        var sends = await db.Sends.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(s => s.Id);
        Assert.Equal(accepted.Count, sends.Count);
        var journal = await db.SendEvents.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        var outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.Stream.StartsWith("email.")).ToListAsync();
        foreach (var (name, result) in accepted)
        {
            var send = sends[result.Id];
            Assert.Equal(name == "theirs" ? otherWorkspace.Id : WorkspaceId, send.WorkspaceId);
            Assert.Equal(result.PersonId, send.PersonId);
            if (name == "upper") Assert.Equal("p5@example.com", send.Recipient);
            Assert.Single(journal, e => e.SendId == send.Id && e.Type == SendStatuses.Queued && e.Source == "api" && e.WorkspaceId == send.WorkspaceId);
            var queued = outbox.Where(m => m.Payload.Contains(send.Id, StringComparison.Ordinal)).ToList();
            if (name == "later")
            {
                Assert.Equal(SendStatuses.Deferred, send.Status);
                Assert.Empty(queued);
                continue;
            }
            var message = Assert.Single(queued);
            Assert.Equal(name.StartsWith("compose", StringComparison.Ordinal) ? "email.compose" : "email.send", message.Stream);
            Assert.Equal(send.WorkspaceId, message.WorkspaceId);
        }
    }

    [Fact]
    public async Task A_send_stored_by_the_group_commit_has_the_same_columns_as_one_saved_through_the_context()
    {
        var person = await CreatePersonAsync("same@example.com", "+14155550177");
        var draft = new SendDraft(SendChannels.Sms, person, null, null, string.Join(" ", Enumerable.Repeat("Fresh bread is out, come by before six.", 5)),
            null, "brand_1", "welcome", null, "+14155550100", null, "thread-9", """{"utm_source":"x"}""", """{"a":1}""",
            DateTimeOffset.UtcNow.AddMinutes(30));

        string saved;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(WorkspaceId);
            saved = ((AcceptOutcome.Accepted)await scope.ServiceProvider.GetRequiredService<AcceptSend>().HandleAsync(WorkspaceId, draft, CancellationToken.None)).Send.Id;
        }
        var grouped = ((AcceptOutcome.Accepted)await Factory.Services.GetRequiredService<AcceptGroupCommit>().AcceptAsync(WorkspaceId, draft, CancellationToken.None)).Send.Id;

        var a = await RowAsync("sends", grouped);
        var b = await RowAsync("sends", saved);
        // Ids, the moments of acceptance and the verdict's timestamp differ; every other column must not.
        foreach (var column in a.Keys.Except(["id", "queued_at", "updated_at", "gate_decisions"]))
            Assert.True(Equals(a[column], b[column]), $"{column}: {a[column]} vs {b[column]}");
        Assert.Contains("\"accept\"", (string)a["gate_decisions"]!);
        Assert.Equal("deferred", a["status"]);
        Assert.Equal(2, a["segments"]);

        var journalA = await RowAsync("send_events", grouped, "send_id");
        var journalB = await RowAsync("send_events", saved, "send_id");
        foreach (var column in journalA.Keys.Except(["id", "send_id", "at"]))
            Assert.True(Equals(journalA[column], journalB[column]), $"send_events.{column}: {journalA[column]} vs {journalB[column]}");
    }

    [Fact]
    public async Task Each_outbox_entry_carries_the_trace_of_the_request_that_accepted_its_send()
    {
        var persons = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CreatePersonAsync($"t{i}@example.com")));
        var commit = Factory.Services.GetRequiredService<AcceptGroupCommit>();
        using var source = new ActivitySource("LoopDrive.FunctionalTests.Sends");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        var traced = await Task.WhenAll(persons.Select(async person =>
        {
            using var activity = source.StartActivity("request")!;
            var outcome = await commit.AcceptAsync(WorkspaceId, new SendDraft("email", person, null, "t", "Body", null, null, null, null, null, null, null, null, null, null),
                CancellationToken.None);
            return (((AcceptOutcome.Accepted)outcome).Send.Id, activity.Id);
        }));

        await using var db = Servers.CreateDbContext();
        var outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.Stream == "email.send").ToListAsync();
        foreach (var (sendId, trace) in traced)
            Assert.Equal(trace, Assert.Single(outbox, m => m.Payload.Contains(sendId, StringComparison.Ordinal)).TraceParent);
    }

    private async Task<Dictionary<string, object?>> RowAsync(string table, string id, string key = "id")
    {
        await using var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using var command = dataSource.CreateCommand($"select * from {table} where {key} = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }
}
