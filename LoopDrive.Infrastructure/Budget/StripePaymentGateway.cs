using LoopDrive.Core.Budget;
using Stripe;

namespace LoopDrive.Infrastructure.Budget;

/// <summary>
/// Creates PaymentIntents through Stripe.net. The same code runs in live and sandbox mode; only
/// the <see cref="IStripeClient"/> differs (real HTTP, or the in-process emulation).
/// </summary>
internal sealed class StripePaymentGateway(IStripeClient client) : IPaymentGateway
{
    public const string PaymentIdKey = "loopdrive_payment_id";
    public const string WorkspaceIdKey = "loopdrive_workspace_id";
    public const string SourceKey = "loopdrive_source";

    public async Task<CreatedPaymentIntent> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken cancellationToken)
    {
        var service = new PaymentIntentService(client);
        var intent = await service.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = request.Amount,
            Currency = request.Currency,
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            Metadata = new Dictionary<string, string>
            {
                [PaymentIdKey] = request.PaymentId,
                [WorkspaceIdKey] = request.WorkspaceId,
                [SourceKey] = request.Source,
            },
        }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
        return new CreatedPaymentIntent(intent.Id, intent.ClientSecret, intent.Status);
    }
}
