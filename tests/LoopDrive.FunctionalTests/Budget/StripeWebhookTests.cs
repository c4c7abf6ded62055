using System.Net;
using System.Net.Http.Json;
using LoopDrive.Contracts.Budget;
using LoopDrive.FunctionalTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.FunctionalTests.Budget;

/// <summary>The sandbox here never settles on its own, so each test delivers exactly the events it means to.</summary>
public sealed class StripeWebhookTests(TestServers servers) : BudgetTest(servers)
{
    private async Task<(string PaymentId, string IntentId)> StartTopUpAsync(long amount)
    {
        // A key per call: without one, an identical body within 60 s is the SDK's retry and answers the first intent.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/budget/wallet/{WorkspaceId}/topup") { Content = JsonContent.Create(new { amount }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<TopUpResult>())!;
        Assert.StartsWith("pi_", result.PaymentIntentId);
        Assert.Contains("_secret_", result.ClientSecret);
        await using var db = Servers.CreateDbContext();
        var payment = await db.StripePayments.SingleAsync(p => p.PaymentIntentId == result.PaymentIntentId);
        return (payment.Id, result.PaymentIntentId);
    }

    private async Task<long> WalletBalanceAsync() =>
        (await Client.GetFromJsonAsync<Wallet>($"/api/budget/wallet/{WorkspaceId}"))!.Balance;

    [Fact]
    public async Task A_signed_success_credits_the_wallet_once_and_a_redelivery_changes_nothing()
    {
        var (paymentId, intentId) = await StartTopUpAsync(2_500);
        Assert.Equal(0, await WalletBalanceAsync());

        var payload = StripeEvents.Intent("payment_intent.succeeded", intentId, paymentId, 2_500);
        var anonymous = Factory.CreateClient();
        var first = await StripeEvents.PostAsync(anonymous, payload, StripeEvents.Sign(payload, WebhookSecret));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await StripeEvents.PostAsync(anonymous, payload, StripeEvents.Sign(payload, WebhookSecret));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("duplicate", await again.Content.ReadAsStringAsync());

        Assert.Equal(2_500, await WalletBalanceAsync());
        var payments = await Client.GetFromJsonAsync<PaymentList>($"/api/budget/payments?workspaceId={WorkspaceId}");
        Assert.Equal("succeeded", Assert.Single(payments!.Payments).Status);
        var statement = await Client.GetFromJsonAsync<WalletTransactionList>($"/api/budget/wallet/{WorkspaceId}/transactions");
        var line = Assert.Single(statement!.Transactions);
        Assert.Equal(("credit", 2_500L, 2_500L, "stripe_payment"), (line.Type, line.Amount, line.Balance, line.Source));
        await AssertLedgerConsistentAsync(WorkspaceId);
    }

    [Fact]
    public async Task A_key_less_repeat_of_a_top_up_answers_the_same_intent_and_makes_no_second_payment()
    {
        var first = await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/topup", new { amount = 1_234 });
        var repeat = await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/topup", new { amount = 1_234 });
        Assert.Equal((await first.Content.ReadFromJsonAsync<TopUpResult>())!.PaymentIntentId, (await repeat.Content.ReadFromJsonAsync<TopUpResult>())!.PaymentIntentId);
        await using var db = Servers.CreateDbContext();
        Assert.Equal(1, await db.StripePayments.CountAsync());
    }

    [Fact]
    public async Task Forged_stale_and_unsigned_events_are_refused_and_store_nothing()
    {
        var (paymentId, intentId) = await StartTopUpAsync(900);
        var payload = StripeEvents.Intent("payment_intent.succeeded", intentId, paymentId, 900);
        var anonymous = Factory.CreateClient();

        var forged = await StripeEvents.PostAsync(anonymous, payload, StripeEvents.Sign(payload, "whsec_someone_else"));
        var stale = await StripeEvents.PostAsync(anonymous, payload, StripeEvents.Sign(payload, WebhookSecret, DateTimeOffset.UtcNow.AddSeconds(-301)));
        var unsigned = await StripeEvents.PostAsync(anonymous, payload, null);
        var tampered = await StripeEvents.PostAsync(anonymous, payload.Replace("900", "90000"), StripeEvents.Sign(payload, WebhookSecret));

        Assert.All(new[] { forged, stale, unsigned, tampered }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(0, await WalletBalanceAsync());
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.StripeWebhookEvents.CountAsync());
    }

    [Fact]
    public async Task Every_delivery_order_of_failure_success_and_partial_refund_ends_in_the_same_state()
    {
        string[][] orders =
        [
            ["failed", "succeeded", "refunded"], ["failed", "refunded", "succeeded"], ["succeeded", "failed", "refunded"],
            ["succeeded", "refunded", "failed"], ["refunded", "failed", "succeeded"], ["refunded", "succeeded", "failed"],
        ];
        var anonymous = Factory.CreateClient();
        foreach (var order in orders)
        {
            var (paymentId, intentId) = await StartTopUpAsync(1_000);
            foreach (var step in order)
            {
                var payload = step switch
                {
                    "failed" => StripeEvents.Intent("payment_intent.payment_failed", intentId, paymentId, 1_000, "Your card was declined."),
                    "succeeded" => StripeEvents.Intent("payment_intent.succeeded", intentId, paymentId, 1_000),
                    _ => StripeEvents.Refunded(intentId, paymentId, 1_000, 300),
                };
                // Stripe retries; deliver each event twice to prove the second is inert.
                for (var i = 0; i < 2; i++)
                    Assert.Equal(HttpStatusCode.OK, (await StripeEvents.PostAsync(anonymous, payload, StripeEvents.Sign(payload, WebhookSecret))).StatusCode);
            }
        }

        Assert.Equal(orders.Length * 700, await WalletBalanceAsync());
        await using var db = Servers.CreateDbContext();
        Assert.All(await db.StripePayments.ToListAsync(), p => Assert.Equal(("succeeded", 300L), (p.Status, p.RefundedAmount)));
        Assert.Equal(orders.Length, await db.BudgetTransfers.CountAsync(t => t.Kind == "topup"));
        Assert.Equal(orders.Length, await db.BudgetTransfers.CountAsync(t => t.Kind == "refund"));
        await AssertLedgerConsistentAsync(WorkspaceId);
    }

    [Fact]
    public async Task Top_up_amounts_outside_the_allowed_range_and_foreign_workspaces_are_refused()
    {
        var zero = await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/topup", new { amount = 0 });
        var huge = await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/topup", new { amount = 10_000_001 });
        var missing = await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/topup", new { });
        var foreign = await Client.PostAsJsonAsync("/api/budget/wallet/ws_other/topup", new { amount = 100 });
        Assert.All(new[] { zero, huge, missing }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.GetAsync("/api/budget/wallet/ws_other")).StatusCode);
        await using var db = Servers.CreateDbContext();
        Assert.Equal(0, await db.StripePayments.CountAsync());
    }

    [Fact]
    public async Task Auto_reload_keeps_exactly_one_reload_in_flight_however_many_triggers_race()
    {
        var invalid = await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/auto-reload", new { enabled = true, threshold = 500 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/auto-reload", new { enabled = true, threshold = 500, amount = 5_000 })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var wallet = await Client.GetFromJsonAsync<Wallet>($"/api/budget/wallet/{WorkspaceId}");
        Assert.True(wallet!.AutoReloadEnabled);
        Assert.Equal((500L, 5_000L), (wallet.AutoReloadThreshold, wallet.AutoReloadAmount));

        await using var db = Servers.CreateDbContext();
        var reload = Assert.Single(await db.StripePayments.Where(p => p.Source == "auto_reload").ToListAsync());
        Assert.Equal(5_000, reload.Amount);

        // Once it settles the slot is free again, and the wallet is above its threshold.
        var payload = StripeEvents.Intent("payment_intent.succeeded", reload.PaymentIntentId!, reload.Id, 5_000);
        Assert.Equal(HttpStatusCode.OK, (await StripeEvents.PostAsync(Factory.CreateClient(), payload, StripeEvents.Sign(payload, WebhookSecret))).StatusCode);
        Assert.Equal(5_000, await WalletBalanceAsync());
        Assert.Null((await db.Wallets.AsNoTracking().SingleAsync()).ReloadPaymentId);
        var statement = await Client.GetFromJsonAsync<WalletTransactionList>($"/api/budget/wallet/{WorkspaceId}/transactions");
        Assert.Equal("auto_reload", Assert.Single(statement!.Transactions).Source);
    }
}

/// <summary>The sandbox as it runs by default: it settles every intent by itself with a signed event.</summary>
public sealed class SandboxStripeTests(TestServers servers) : BudgetTest(servers)
{
    protected override int SettleMilliseconds => 20;

    [Fact]
    public async Task A_sandbox_top_up_is_credited_by_the_emulated_signed_webhook_and_a_declined_one_is_not()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/topup", new { amount = 4_000 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync($"/api/budget/wallet/{WorkspaceId}/topup", new { amount = 1_002 })).StatusCode);

        await Spine.Eventually.TrueAsync(async () =>
        {
            var payments = await Client.GetFromJsonAsync<PaymentList>($"/api/budget/payments?workspaceId={WorkspaceId}");
            return payments!.Payments.All(p => p.Status is "succeeded" or "failed");
        }, "both sandbox payments settle");

        var wallet = await Client.GetFromJsonAsync<Wallet>($"/api/budget/wallet/{WorkspaceId}");
        Assert.Equal(4_000, wallet!.Balance);
        var list = await Client.GetFromJsonAsync<PaymentList>($"/api/budget/payments?workspaceId={WorkspaceId}");
        var declined = list!.Payments.Single(p => p.Amount == 1_002);
        Assert.Equal("failed", declined.Status);
        Assert.Equal("Your card was declined.", declined.FailureReason);
        await AssertLedgerConsistentAsync(WorkspaceId);
    }
}
