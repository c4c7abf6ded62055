using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Sends;
using LoopDrive.Contracts.Voice;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Sends;
using LoopDrive.FunctionalTests.Spine;
using LoopDrive.Workers.Sends;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopDrive.FunctionalTests.Ops;

/// <summary>
/// A sandbox email from the HTTP request to the provider call, with the API and the workers exporting
/// to one in-memory collector: the spans share one trace id, and no planted email address, phone
/// number or message body appears in any span attribute, span event or log record.
/// </summary>
public sealed class EndToEndTelemetryTests(TestServers servers) : ApiTest(servers)
{
    private const string PlantedEmail = "quartz.lantern.7731@example.com";
    private const string PlantedPhone = "+14155550199";
    private const string PlantedBody = "Marmalade lighthouse at dawn 9931";
    private const string PlantedEventText = "Velvet kettle remark 4417";

    [Fact]
    public async Task One_trace_runs_from_the_request_through_relay_consumer_and_provider_call_and_no_personal_data_is_exported()
    {
        using var telemetry = new TelemetryCollector();
        var (_, key) = await CreateWorkspaceAsync("telemetry");
        await using var api = Factory.WithWebHostBuilder(web => web
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(telemetry.Logs)));
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await using var workers = await SendWorkerHost.StartAsync(Servers, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Sends:Sandbox:DelayScale"] = "0",
            ["Sends:Sandbox:BounceRate"] = "0",
            ["Sends:Sandbox:OpenRate"] = "0",
            ["Sends:Sandbox:ReplyRate"] = "0",
            ["Sends:Sandbox:WebhookBaseUrl"] = "http://localhost",
        }, services =>
        {
            services.AddSingleton<ILoggerProvider>(telemetry.Logs);
            services.AddHttpClient(SandboxWebhookDelivery.HttpClientName).ConfigurePrimaryHttpMessageHandler(api.Server.CreateHandler);
        }, intake: true);

        // Resolve, consent, compose, send, ingest: every path that carries the planted data.
        var resolved = await PostAsync<PersonResolutionResult>(client, "/api/person/resolve",
            new { email = PlantedEmail, phone = PlantedPhone, firstName = "Quinn" });
        var person = resolved.Person.Id;
        (await client.PostAsJsonAsync($"/api/person/{person}/consent", new ConsentUpdate("email", "marketing", "granted", "form"))).EnsureSuccessStatusCode();
        var brand = await PostAsync<BrandContract>(client, "/api/brand-voice/brands", new BrandUpsert("Telemetry", "friendly", "bakers"));
        (await client.PostAsJsonAsync("/api/brand-voice/compose",
            new ComposeRequest(brand.Id, null, "email", "nurture", person, Draft: PlantedBody))).EnsureSuccessStatusCode();
        var send = await PostAsync<SendResult>(client, "/api/email/send",
            new EmailSendRequest(PersonId: person, Subject: "Hello", Body: PlantedBody));
        (await client.PostAsJsonAsync("/api/events/ingest", new
        {
            type = "note.added", source = "crm", personId = person,
            payload = new { text = PlantedEventText, email = PlantedEmail, phone = PlantedPhone },
        })).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () =>
            (await client.GetFromJsonAsync<SendStatus>($"/api/send/{send.Id}/status"))!.Status == "delivered",
            "the sandbox delivers the email and its webhook comes back");
        await Eventually.TrueAsync(() => Task.FromResult(telemetry.Spans.Any(s => s.DisplayName == "email.send process")),
            "the consumer's span ends");

        // One trace: the POST that accepted the send, the relay's publish, the consumer's processing and the provider call.
        var request = telemetry.Spans.Single(s => s.Kind == ActivityKind.Server && s.GetTagItem("http.request.method") as string == "POST"
                                                  && (s.GetTagItem("url.path") as string) == "/api/email/send");
        var trace = request.TraceId;
        Assert.Contains(telemetry.Spans, s => s.TraceId == trace && s.DisplayName == "email.send publish" && s.Kind == ActivityKind.Producer);
        Assert.Contains(telemetry.Spans, s => s.TraceId == trace && s.DisplayName == "email.send process" && s.Kind == ActivityKind.Consumer);
        Assert.Contains(telemetry.Spans, s => s.TraceId == trace && s.Kind == ActivityKind.Client
                                              && s.Source.Name == "LoopDrive.Sends" && (s.GetTagItem("loopdrive.send.id") as string) == send.Id
                                              && (s.GetTagItem("loopdrive.provider.outcome") as string) == "accepted");

        var leaks = telemetry.ExportedTexts()
            .SelectMany(t => Planted().Where(p => t.Text.Contains(p, StringComparison.OrdinalIgnoreCase)).Select(p => $"{t.Where}: '{p}'"))
            .Distinct()
            .ToList();
        Assert.True(leaks.Count == 0, "personal data reached telemetry:\n" + string.Join('\n', leaks));
        Assert.True(telemetry.Logs.Records.Count > 50, $"only {telemetry.Logs.Records.Count} log records were collected; the scan would prove little");
    }

    private static IEnumerable<string> Planted() =>
        [PlantedEmail, PlantedPhone, PlantedPhone[2..], PlantedBody, PlantedEventText];

    private static async Task<T> PostAsync<T>(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
