using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Budget;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Sends;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>
/// Providers:Mode=live with the real Stripe.net client pointed at a local recorder: a top-up saves
/// its card under the wallet's customer, and an auto-reload charges that card off-session,
/// confirmed in the same call, with the idempotency key stored before the call; the wallet is
/// credited only by the signed success event.
/// </summary>
public sealed class OffSessionReloadTests(TestServers servers) : BudgetTest(servers)
{
    private ProviderFake _stripe = null!;
    private int _intents;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Providers:Mode"] = "live",
        ["Stripe:SecretKey"] = "sk_test_recorder",
        ["Stripe:WebhookSecret"] = WebhookSecret,
        ["Stripe:ApiBase"] = _stripe.BaseUrl,
        // Live mode validates every provider's keys at start; these are never called here.
        ["Webhooks:PublicBaseUrl"] = "https://hooks.example.test",
        ["SendGrid:ApiKey"] = "SG.unused",
        ["SendGrid:BaseUrl"] = _stripe.BaseUrl,
        ["SendGrid:FromAddress"] = "news@example.com",
        ["Twilio:AccountSid"] = "AC123",
        ["Twilio:AuthToken"] = "token",
        ["Twilio:FromNumber"] = "+15005550006",
        ["Twilio:BaseUrl"] = _stripe.BaseUrl,
        ["Meta:GraphBaseUrl"] = _stripe.BaseUrl,
        ["Meta:AccessToken"] = "meta-token",
        ["Meta:InstagramAccountId"] = "17841400",
        ["WhatsApp:AccessToken"] = "wa-token",
        ["WhatsApp:PhoneNumberId"] = "1065",
        ["X:BaseUrl"] = _stripe.BaseUrl,
        ["X:BearerToken"] = "x-user-token",
    };

    public override async Task InitializeAsync()
    {
        _stripe = await ProviderFake.StartAsync();
        _stripe.Answer = Answer;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private (int, string, Dictionary<string, string>) Answer(ProviderFake.Recorded request)
    {
        if (request.Path == "/v1/customers") return (200, """{"id":"cus_rec_1","object":"customer","livemode":false}""", []);
        if (request.Path != "/v1/payment_intents") return (404, """{"error":{"type":"invalid_request_error","message":"not recorded"}}""", []);
        var form = QueryHelpers.ParseQuery(request.Body);
        var id = $"pi_rec_{Interlocked.Increment(ref _intents)}";
        var status = form.ContainsKey("confirm") ? "processing" : "requires_payment_method";
        return (200, $$$"""{"id":"{{{id}}}","object":"payment_intent","amount":{{{form["amount"]}}},"currency":"usd","status":"{{{status}}}","client_secret":"{{{id}}}_secret_rec","livemode":false,"metadata":{}}""", []);
    }

    private IReadOnlyList<Dictionary<string, string>> IntentRequests() =>
        _stripe.Requests.Where(r => r.Method == "POST" && r.Path == "/v1/payment_intents")
            .Select(r => QueryHelpers.ParseQuery(r.Body).ToDictionary(p => p.Key, p => p.Value.ToString())
                .Append(new("Idempotency-Key", r.Headers.GetValueOrDefault("Idempotency-Key") ?? "")).ToDictionary())
            .ToList();

    private Task<HttpResponseMessage> EnableReloadAsync() =>
        Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/auto-reload", new { enabled = true, threshold = 5_000, amount = 10_000 });

    private async Task<long> WalletBalanceAsync() =>
        (await Client.GetFromJsonAsync<Wallet>($"/api/budget/wallet/{WorkspaceId}"))!.Balance;

    private async Task DeliverSucceededAsync(string intentId, string paymentId, long amount, string? customer, string? card)
    {
        var payload = StripeEvents.Intent("payment_intent.succeeded", intentId, paymentId, amount, customer: customer, paymentMethod: card);
        var response = await StripeEvents.PostAsync(Factory.CreateClient(), payload, StripeEvents.Sign(payload, WebhookSecret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_top_up_saves_the_card_and_the_reload_charges_it_off_session_once_credited_only_by_the_event()
    {
        // Below the threshold but no saved card: live Stripe could never settle an unconfirmed intent, so nothing starts.
        Assert.Equal(HttpStatusCode.OK, (await EnableReloadAsync()).StatusCode);
        Assert.Empty(IntentRequests());

        using var topUp = new HttpRequestMessage(HttpMethod.Post, $"/api/budget/wallet/{WorkspaceId}/topup") { Content = JsonContent.Create(new { amount = 2_500 }) };
        topUp.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var started = (await (await Client.SendAsync(topUp)).Content.ReadFromJsonAsync<TopUpResult>())!;
        var onSession = Assert.Single(IntentRequests());
        Assert.Equal(("cus_rec_1", "off_session", "2500"), (onSession["customer"], onSession["setup_future_usage"], onSession["amount"]));
        Assert.False(onSession.ContainsKey("off_session"));
        await using var db = Servers.CreateDbContext();
        var topUpPayment = await db.StripePayments.AsNoTracking().SingleAsync(p => p.PaymentIntentId == started.PaymentIntentId);
        await DeliverSucceededAsync(started.PaymentIntentId, topUpPayment.Id, 2_500, "cus_rec_1", "pm_card_rec");
        var wallet = await db.Wallets.AsNoTracking().SingleAsync(w => w.WorkspaceId == WorkspaceId);
        Assert.Equal(("cus_rec_1", "pm_card_rec", 2_500L), (wallet.StripeCustomerId, wallet.StripePaymentMethodId, wallet.Balance));

        // Still below the threshold, now with a saved card: triggers racing start exactly one reload.
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => EnableReloadAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var reload = await db.StripePayments.AsNoTracking().SingleAsync(p => p.Source == "auto_reload");
        var offSession = IntentRequests().Last();
        Assert.Equal(2, IntentRequests().Count);
        Assert.Equal(("true", "true", "cus_rec_1", "pm_card_rec", "10000"),
            (offSession["off_session"], offSession["confirm"], offSession["customer"], offSession["payment_method"], offSession["amount"]));
        Assert.Equal(reload.IdempotencyKey, offSession["Idempotency-Key"]);
        Assert.Equal(reload.Id, offSession["metadata[loopdrive_payment_id]"]);
        Assert.Equal("never", offSession["automatic_payment_methods[allow_redirects]"]);

        // The processor's answer credits nothing; the signed success event does, once.
        Assert.Equal(2_500, await WalletBalanceAsync());
        await DeliverSucceededAsync(reload.PaymentIntentId!, reload.Id, 10_000, "cus_rec_1", "pm_card_rec");
        await DeliverSucceededAsync(reload.PaymentIntentId!, reload.Id, 10_000, "cus_rec_1", "pm_card_rec");
        Assert.Equal(12_500, await WalletBalanceAsync());
        Assert.Null((await db.Wallets.AsNoTracking().SingleAsync(w => w.WorkspaceId == WorkspaceId)).ReloadPaymentId);
        await AssertLedgerConsistentAsync(WorkspaceId);
    }
}
