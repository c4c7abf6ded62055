using LoopDrive.Client;
using LoopDrive.Smoke;

// Checks a running LoopDrive end to end through the SDK: health, identity resolve round trip,
// compose, a sandbox send until delivered, and an ingested event found by a query.
// Exit code 0 when every step passed, 1 at the first failure, 2 on bad arguments.
if (args.Length != 2 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUrl) || string.IsNullOrWhiteSpace(args[1]))
{
    Console.Error.WriteLine("usage: smoke <base-url> <api-key>   e.g. smoke http://localhost:5080 ld_…");
    return 2;
}

var apiKey = args[1].Trim();
var deliveryDeadline = TimeSpan.FromSeconds(
    int.TryParse(Environment.GetEnvironmentVariable("LOOPDRIVE_SMOKE_DELIVERY_SECONDS"), out var seconds) ? seconds : 90);

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
var client = new LoopDriveClient(http, new LoopDriveClientOptions { BaseAddress = baseUrl, ApiKey = apiKey });
var steps = new SmokeSteps(client, http, baseUrl, deliveryDeadline);
var run = new SmokeRun(Console.Out) { Total = SmokeSteps.Count };

Console.WriteLine($"LoopDrive smoke against {baseUrl}");
try
{
    await steps.RunAsync(run);
    Console.WriteLine("smoke passed");
    return 0;
}
catch (Exception ex) when (ex is SmokeFailure or LoopDriveApiException or LoopDriveConnectionException or HttpRequestException or TaskCanceledException)
{
    Console.WriteLine("FAILED");
    Console.Error.WriteLine(ex is LoopDriveApiException api
        ? $"  {(int)api.Status} {api.Title}{(api.Code is null ? "" : $" ({api.Code})")}: {api.Detail}"
        : $"  {ex.Message}");
    return 1;
}
