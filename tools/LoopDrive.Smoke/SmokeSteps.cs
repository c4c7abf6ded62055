using System.Net;
using System.Text.Json;
using LoopDrive.Client;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;
using LoopDrive.Contracts.Sends;
using LoopDrive.Contracts.Voice;

namespace LoopDrive.Smoke;

/// <summary>The smoke's five steps. Each creates its own data under a random run id.</summary>
internal sealed class SmokeSteps(LoopDriveClient client, HttpClient http, Uri baseUrl, TimeSpan deliveryDeadline)
{
    public const int Count = 5;

    private static readonly string[] FailedSendStates = ["failed", "skipped", "cancelled", "bounced"];

    // A reserved domain: nothing can ever be mailed there, even by a live provider.
    private readonly string _email = $"smoke+{Guid.NewGuid():N}@example.com";

    public async Task RunAsync(SmokeRun run)
    {
        await run.StepAsync("health", async () =>
        {
            using var response = await http.GetAsync(new Uri(baseUrl, "/health"));
            if (response.StatusCode != HttpStatusCode.OK)
                throw new SmokeFailure($"/health answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (true, "/health 200");
        });

        var personId = await run.StepAsync("identity resolve round trip", async () =>
        {
            var created = await client.Person.ResolveAsync(new PartialIdentity(Email: _email, FirstName: "Smoke"));
            var again = await client.Person.ResolveAsync(new PartialIdentity(Email: _email));
            if (again.Person.Id != created.Person.Id)
                throw new SmokeFailure($"the same email resolved to {created.Person.Id} and then {again.Person.Id}");
            // The smoke proves the pipeline, not quiet hours: a person whose clock reads early afternoon
            // right now is never deferred, whatever hour the smoke runs at.
            await client.Person.UpdateAsync(created.Person.Id, new PersonUpdate(Timezone: MiddayZone(DateTimeOffset.UtcNow)));
            var fetched = await client.Person.GetAsync(created.Person.Id);
            return (fetched.Id, $"person {fetched.Id} ({fetched.Timezone})");
        });

        var composed = await run.StepAsync("compose", async () =>
        {
            await client.Person.UpdateConsentAsync(personId, new ConsentUpdate("email", "marketing", "granted", "smoke"));
            var brands = await client.Voice.ListBrandsAsync();
            var brandId = brands.Brands.FirstOrDefault()?.Id
                ?? (await client.Voice.CreateBrandAsync(new BrandUpsert("Smoke", "friendly", "operators"))).Id;
            var result = await client.Voice.ComposeAsync(new ComposeRequest(
                BrandId: brandId, WorkspaceId: null, Channel: "email", Objective: "nurture", PersonId: personId));
            if (string.IsNullOrWhiteSpace(result.Primary.Body))
                throw new SmokeFailure("compose answered an empty body");
            return (result.Primary, $"{result.Variants.Count} variant(s), source {result.Meta.Source}");
        });

        await run.StepAsync("sandbox send to delivered", async () =>
        {
            var send = await client.Send.EmailAsync(new EmailSendRequest(
                PersonId: personId, Subject: composed.Subject ?? "LoopDrive smoke", Body: composed.Body));
            var status = await SmokeRun.UntilAsync(
                () => client.Send.StatusAsync(send.Id),
                s => s.Status == "delivered",
                deliveryDeadline,
                last => $"send {send.Id} was not delivered within {deliveryDeadline.TotalSeconds:0} s; last status '{last?.Status ?? "none"}'",
                s => FailedSendStates.Contains(s.Status) ? $"send {send.Id} ended {s.Status}: {s.Code} {s.Error}" : null);
            return (status, $"send {send.Id} delivered");
        });

        await run.StepAsync("event ingest to query", async () =>
        {
            var type = "smoke.check";
            var stored = await client.Events.IngestAsync(new EventIngest(
                type, "smoke", PersonId: personId, Payload: JsonSerializer.SerializeToElement(new { run = "smoke" })));
            var page = await SmokeRun.UntilAsync(
                () => client.Events.QueryAsync(new EventFilters(PersonId: personId, Types: [type], Limit: 10)),
                p => p.Events.Any(e => e.Id == stored.Id),
                TimeSpan.FromSeconds(30),
                _ => $"event {stored.Id} was not returned by a query within 30 s");
            return (page, $"event {stored.Id} found");
        });
    }

    /// <summary>A fixed-offset zone (Etc/GMT±N, whose sign is inverted by convention) where it is about 13:00 at <paramref name="now"/>.</summary>
    internal static string MiddayZone(DateTimeOffset now)
    {
        var offset = 13 - now.UtcDateTime.Hour; // -10 … +13, all real zones
        return offset == 0 ? "Etc/UTC" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
    }
}
