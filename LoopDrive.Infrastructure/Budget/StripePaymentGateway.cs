using LoopDrive.Core.Budget;
using Stripe;

namespace LoopDrive.Infrastructure.Budget;

/// <summary>
/// Creates PaymentIntents and customers through Stripe.net. The same code runs in live and
/// sandbox mode; only the <see cref="IStripeClient"/> differs (real HTTP, or the in-process
/// emulation). A top-up saves its card under the wallet's customer; an auto-reload charges that
/// card off-session and is confirmed in the same call, so it settles without anyone present.
/// </summary>
internal sealed class StripePaymentGateway(IStripeClient client, bool live) : IPaymentGateway
{
    public const string PaymentIdKey = "loopdrive_payment_id";
    public const string WorkspaceIdKey = "loopdrive_workspace_id";
    public const string SourceKey = "loopdrive_source";

    public bool ReloadNeedsSavedCard => live;

    public async Task<CreatedPaymentIntent> CreatePaymentIntentAsync(PaymentIntentRequest request, CancellationToken cancellationToken)
    {
        var offSession = request.OffSessionPaymentMethod is not null;
        var options = new PaymentIntentCreateOptions
        {
            Amount = request.Amount,
            Currency = request.Currency,
            Customer = request.Customer,
            // Off-session there is nobody to follow a redirect, so only methods that need none qualify.
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions
            {
                Enabled = true,
                AllowRedirects = offSession ? "never" : null,
            },
            Metadata = new Dictionary<string, string>
            {
                [PaymentIdKey] = request.PaymentId,
                [WorkspaceIdKey] = request.WorkspaceId,
                [SourceKey] = request.Source,
            },
        };
        if (offSession)
        {
            options.PaymentMethod = request.OffSessionPaymentMethod;
            options.OffSession = true;
            options.Confirm = true;
        }
        else if (request.SaveCard && request.Customer is not null)
        {
            options.SetupFutureUsage = "off_session";
        }
        var intent = await new PaymentIntentService(client).CreateAsync(
            options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
        return new CreatedPaymentIntent(intent.Id, intent.ClientSecret, intent.Status);
    }

    public async Task<string> CreateCustomerAsync(string workspaceId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var customer = await new CustomerService(client).CreateAsync(new CustomerCreateOptions
        {
            Metadata = new Dictionary<string, string> { [WorkspaceIdKey] = workspaceId },
        }, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
        return customer.Id;
    }
}
