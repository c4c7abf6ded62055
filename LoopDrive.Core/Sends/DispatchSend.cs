using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopDrive.Core.Sends;

/// <summary>
/// The <c>*.send</c> consumers' effect: gate the send again, then hand it to its provider exactly
/// once. The attempt is committed on its own connection before the call; a later run that finds an
/// attempt without a result marks the send <c>unknown</c> for reconciliation instead of calling
/// again, and one that finds an accepted attempt only records it.
/// </summary>
public sealed class DispatchSend(
    LoopDriveDbContext db,
    SendGate gate,
    AttemptLog attempts,
    SendProviders providers,
    ISendFaults faults,
    People.FindPerson findPerson,
    People.UpdateConsent consent,
    ApplyOptOut optOut,
    Budget.BudgetLedger ledger,
    IProviderRateLimiter rateLimiter,
    IOptions<SendOptions> options,
    TimeProvider clock,
    ILogger<DispatchSend> logger)
{
    public async Task HandleAsync(string sendId, CancellationToken cancellationToken)
    {
        var send = await db.Sends.FirstOrDefaultAsync(s => s.Id == sendId, cancellationToken);
        if (send is null)
        {
            logger.LogWarning("Send {SendId} to dispatch does not exist; the message is dropped.", sendId);
            return;
        }
        if (send.Status != SendStatuses.Queued) return;

        var now = clock.GetUtcNow();
        if (send.ScheduledFor > now)
        {
            send.Status = SendStatuses.Deferred;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var earlier = await attempts.ReadAsync(send.Id, cancellationToken);
        if (earlier.FirstOrDefault(a => a.Outcome == ProviderResult.Accepted) is { } accepted)
        {
            MarkSent(send, accepted.ExternalId, now, "recorded after a restart");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        if (earlier.Any(a => a.Outcome is "started" or ProviderResult.Unknown))
        {
            MarkUnknown(send, now, "An earlier attempt has no recorded result.");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var verdict = await gate.EvaluateAsync(send, SendGate.StageDispatch, cancellationToken);
        if (SendOutcomes.ApplyVerdict(db, send, verdict, now))
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var number = earlier.Count + 1;
        var provider = providers.For(send.Channel);
        if (provider is null || send.Recipient is null || send.Body is null)
        {
            var code = provider is null ? "platform_unsupported" : send.Recipient is null ? "no_address" : "no_content";
            SendOutcomes.Fail(db, send, code, "The send cannot be handed to a provider.", now);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var message = Message(send, number, verdict.Code);
        var account = provider.AccountFor(message);
        var wait = await rateLimiter.AcquireAsync(provider.Name, account, options.Value.RateLimits.GetValueOrDefault(provider.Name),
            held: send.ErrorCode == RateLimited, cancellationToken);
        if (wait > TimeSpan.Zero)
        {
            // The token is reserved for this send (RateLimited marks it held): it goes when the token matures, without taking another.
            send.Status = SendStatuses.Deferred;
            send.ScheduledFor = now + wait;
            send.ErrorCode = RateLimited;
            send.UpdatedAt = now;
            SendJournal.Add(db, send, SendStatuses.Deferred, "rate_limit", now, RateLimited,
                $"{provider.Name} account rate limit: due in {wait.TotalSeconds:0.###} s.");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        if (!await attempts.StartAsync(send, number, provider.Name, now, cancellationToken))
        {
            logger.LogInformation("Send {SendId} attempt {Attempt} is already held by another worker.", send.Id, number);
            return;
        }

        var result = await CallAsync(provider, send, message, cancellationToken);
        faults.AfterProviderCall(send.Id);
        var finished = clock.GetUtcNow();
        await attempts.FinishAsync(send.Id, number, result.Kind, result.ExternalId, result.Code, finished);
        if (result.Kind == ProviderResult.Retryable && result.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
            await rateLimiter.PauseAsync(provider.Name, account, retryAfter, cancellationToken);
        Apply(send, result, number, finished);
        if (result.Kind == ProviderResult.Rejected && result.Code == CarrierOptOut) await RevokeAsync(send, finished, cancellationToken);
        if (send.Status == SendStatuses.Failed && send.PriceCents > 0) await RefundAsync(send, finished, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The provider refused for good after the envelope paid: the charge (ledger transfer id = send
    /// id) is reversed once. A send that was never charged (free, transactional, unfunded) has no
    /// transfer and nothing moves.
    /// </summary>
    private async Task RefundAsync(Send send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await ledger.ReverseAsync(send.WorkspaceId, send.Id, "refund_" + send.Id, "Refund: the provider refused the send", cancellationToken);
        if (outcome.Status == Budget.TransferStatus.Ok)
            SendJournal.Add(db, send, "refunded", "budget", now, detail: $"{send.PriceCents} cents back to the {send.Channel} envelope.");
    }

    /// <summary>Twilio 21610: the number replied STOP at the carrier. Our consent must say so too, or every later send fails the same way.</summary>
    public const string CarrierOptOut = "21610";

    private async Task RevokeAsync(Send send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await findPerson.HandleAsync(send.PersonId, cancellationToken) is not { } person) return;
        await consent.HandleAsync(person, new People.UpdateConsent.Change(send.Channel, "both", "revoked", "carrier_opt_out", null, null), cancellationToken);
        await optOut.CancelPendingAsync(person.Id, send.Channel, now, cancellationToken);
    }

    /// <summary>The error code of a send deferred by its provider account's rate limit; while it stands the send holds a reserved token.</summary>
    public const string RateLimited = "rate_limited";

    /// <param name="gateCode">The dispatch verdict's code: it says whether the window is open or the template or tag must be used.</param>
    internal static OutgoingMessage Message(Send send, int number, string gateCode)
    {
        var (template, _) = gateCode == MessagingWindow.TemplateCode ? MessagingWindow.ReadMetadata(send.Metadata) : (null, false);
        var tag = gateCode == MessagingWindow.HumanAgentCode ? MessagingWindow.HumanAgentTag : null;
        return new OutgoingMessage(send.Id, send.WorkspaceId, send.Channel, send.Recipient!, send.Subject, send.Body!,
            send.Html, send.FromName, send.FromAddress, send.ReplyTo, send.ThreadId, number, template, tag);
    }

    private async Task<ProviderResult> CallAsync(ISendProvider provider, Send send, OutgoingMessage message, CancellationToken cancellationToken)
    {
        using var span = SendTelemetry.StartProviderCall(provider.Name, send, message.Attempt);
        ProviderResult result;
        try
        {
            result = await provider.SendAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or TimeoutException or IOException)
        {
            // The request may have reached the provider: the outcome is unknown, never a reason to call again.
            logger.LogWarning("Provider {Provider} gave no answer for send {SendId}: {Error}", provider.Name, send.Id, exception.GetType().Name);
            result = new ProviderResult(ProviderResult.Unknown, Code: "provider_no_answer", Detail: exception.GetType().Name);
        }
        SendTelemetry.Finished(span, result);
        return result;
    }

    private void Apply(Send send, ProviderResult result, int number, DateTimeOffset now)
    {
        switch (result.Kind)
        {
            case ProviderResult.Accepted:
                MarkSent(send, result.ExternalId, now, null);
                break;
            case ProviderResult.Retryable when number < options.Value.MaxAttempts:
                var wait = options.Value.RetryBase * Math.Pow(2, number - 1);
                if (result.RetryAfter is { } after && after > wait) wait = after;
                send.Status = SendStatuses.Deferred;
                send.ScheduledFor = now + wait;
                send.ErrorCode = result.Code;
                send.UpdatedAt = now;
                SendJournal.Add(db, send, SendStatuses.Deferred, "provider", now, result.Code, $"Retry {number + 1} after {wait.TotalSeconds:0.#} s.");
                break;
            case ProviderResult.Retryable:
                SendOutcomes.Fail(db, send, result.Code ?? "retries_exhausted", $"Gave up after {number} attempts: {result.Detail}", now);
                break;
            case ProviderResult.Rejected:
                SendOutcomes.Fail(db, send, result.Code ?? "provider_rejected", result.Detail ?? "The provider refused the message.", now);
                break;
            default:
                MarkUnknown(send, now, result.Detail ?? "The provider gave no answer.");
                break;
        }
    }

    private void MarkSent(Send send, string? externalId, DateTimeOffset now, string? detail)
    {
        send.Status = SendStatuses.Sent;
        send.ExternalId = externalId;
        send.SentAt = now;
        send.UpdatedAt = now;
        send.ErrorCode = null;
        send.Error = null;
        SendJournal.Add(db, send, SendStatuses.Sent, "provider", now, detail: detail);
    }

    private void MarkUnknown(Send send, DateTimeOffset now, string detail)
    {
        send.Status = SendStatuses.Unknown;
        send.ErrorCode = "unknown_outcome";
        send.Error = detail;
        send.UpdatedAt = now;
        SendJournal.Add(db, send, SendStatuses.Unknown, "dispatch", now, "unknown_outcome", detail);
    }
}
