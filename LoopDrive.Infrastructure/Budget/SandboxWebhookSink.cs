using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Budget;

/// <summary>Where the sandbox Stripe delivers its signed events.</summary>
public interface ISandboxWebhookSink
{
    Task DeliverAsync(string payload, string signatureHeader, CancellationToken cancellationToken);
}

/// <summary>
/// POSTs to <c>Stripe:SandboxWebhookUrl</c> when configured (exactly what Stripe does); otherwise
/// hands the same signed bytes to the in-process <see cref="StripeWebhookReceiver"/>, so the
/// workers host (which serves no webhook route) settles its auto-reloads too.
/// </summary>
internal sealed class SandboxWebhookSink(
    IOptions<StripeOptions> options, IServiceScopeFactory scopes, IHttpClientFactory httpClients, ILogger<SandboxWebhookSink> logger)
    : ISandboxWebhookSink
{
    public async Task DeliverAsync(string payload, string signatureHeader, CancellationToken cancellationToken)
    {
        if (options.Value.SandboxWebhookUrl is { Length: > 0 } url)
        {
            using var content = new StringContent(payload, Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signatureHeader);
            using var response = await httpClients.CreateClient(nameof(SandboxWebhookSink)).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("Sandbox Stripe webhook answered {Status}", (int)response.StatusCode);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<StripeWebhookReceiver>().ReceiveAsync(payload, signatureHeader, cancellationToken);
        if (outcome == StripeWebhookReceiver.Outcome.Rejected)
            logger.LogWarning("Sandbox Stripe event was refused by the receiver");
    }
}
