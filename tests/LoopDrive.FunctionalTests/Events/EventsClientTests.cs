using System.Text.Json;
using LoopDrive.Client;
using LoopDrive.Client.Modules;
using LoopDrive.Contracts.Events;
using LoopDrive.FunctionalTests.Infrastructure;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>The .NET client's Events module against the real API: every route, the stream included.</summary>
public sealed class EventsClientTests(TestServers servers) : EventsTest(servers)
{
    private string _key = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (_, key) = await CreateWorkspaceAsync("sdk");
        _key = key;
    }

    private LoopDriveClient Sdk => new(Factory.CreateClient(), new LoopDriveClientOptions { BaseAddress = Factory.Server.BaseAddress, ApiKey = _key });

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public async Task Every_events_route_answers_through_the_client()
    {
        var sdk = Sdk;
        var person = await sdk.Person.ResolveAsync(new LoopDrive.Contracts.People.PartialIdentity(Email: "sdk@example.com"));
        var personId = person.Person.Id;
        var t0 = DateTimeOffset.UtcNow.AddHours(-3);

        var sent = await sdk.Events.IngestAsync(new EventIngest("email.sent", "api", personId, "email", Ts: t0,
            Metadata: Json("""{"objective":"demo_book"}""")));
        var batch = await sdk.Events.IngestBatchAsync(
        [
            new EventIngest("email.opened", "sendgrid", personId, "email", Ts: t0.AddHours(1)),
            new EventIngest("Not.Valid", "api"),
            new EventIngest("conversion.purchase", "stripe", personId, Ts: t0.AddHours(2), Payload: Json("""{"amount":2500}""")),
        ]);
        Assert.Equal((2, 1), (batch.Ingested, batch.Failed));
        Assert.Equal(1, Assert.Single(batch.Errors).Index);

        var first = await sdk.Events.QueryAsync(new EventFilters(Limit: 2));
        Assert.Equal(2, first.Events.Count);
        Assert.NotNull(first.NextCursor);
        var second = await sdk.Events.QueryAsync(new EventFilters(Limit: 2, Cursor: first.NextCursor));
        Assert.Equal(sent.Id, Assert.Single(second.Events).Id);
        Assert.Null(second.NextCursor);

        Assert.Equal(sent.Id, (await sdk.Events.GetAsync(sent.Id)).Id);
        Assert.Equal(3, (await sdk.Events.StatsAsync(t0.AddMinutes(-1), DateTimeOffset.UtcNow)).TotalEvents);

        var funnel = await sdk.Events.FunnelAsync(new FunnelRequest(["email.sent", "email.opened", "conversion.purchase"]));
        Assert.Equal([1L, 1L, 1L], funnel.Steps.Select(s => s.Count));

        var conversion = first.Events.Single(e => e.Type == "conversion.purchase");
        var attribution = await sdk.Events.AttributionAsync(conversion.Id, "last_touch");
        Assert.Equal(1.0, attribution.Weights[attribution.Touchpoints[^1].Id]);
        Assert.Equal(2500, attribution.RevenueShares.Values.Sum());

        var summary = await sdk.Events.AttributionSummaryAsync("first_touch", t0.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(2500, summary.ByObjective.Single(r => r.Key == "demo_book").Revenue);

        var timeline = await sdk.Events.TimelineAsync(personId);
        Assert.Equal(3, timeline.Events.Count);
    }

    [Fact]
    public async Task The_client_stream_yields_events_from_a_last_event_id_and_then_live_ones()
    {
        var sdk = Sdk;
        var before = await sdk.Events.IngestAsync(new EventIngest("sms.sent", "twilio", Channel: "sms"));
        var missed = await sdk.Events.IngestAsync(new EventIngest("sms.delivered", "twilio", Channel: "sms"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var received = new List<string>();
        await foreach (var e in sdk.Events.StreamAsync(new EventStreamFilters(Channels: ["sms"]), before.Id, cancel.Token))
        {
            received.Add(e.Id);
            if (received.Count == 1)
                received.Add((await sdk.Events.IngestAsync(new EventIngest("sms.replied", "twilio", Channel: "sms", Payload: Json("""{"text":"yes"}""")))).Id);
            if (received.Count == 3) break;
        }

        Assert.Equal(missed.Id, received[0]);
        Assert.Equal(received[1], received[2]);
    }
}
