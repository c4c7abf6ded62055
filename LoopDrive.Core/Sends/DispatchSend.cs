using System.Diagnostics;
using LoopDrive.Core.Data;
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
    public Task HandleAsync(string sendId, CancellationToken cancellationToken) => HandleManyAsync([sendId], cancellationToken);

    /// <summary>
    /// A consumer batch's sends, with one read per kind of fact for the whole list (the sends,
    /// their attempts, the gate's facts), one commit of every attempt before the first provider
    /// call and one record of the answers after the last. The provider still gets the messages
    /// one by one.
    /// </summary>
    public async Task HandleManyAsync(IReadOnlyList<string> sendIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The consumer's batch rolls back whole when anything fails and retries each message alone, so EF's savepoint
        // around the save (two more round trips per batch) would never be rolled back to.
        db.Database.AutoSavepointsEnabled = false;
        var due = new List<Send>(sendIds.Count);
        foreach (var send in await QueuedSends.LoadAsync(db, sendIds, "dispatch", logger, cancellationToken))
        {
            if (send.ScheduledFor > now) send.Status = SendStatuses.Deferred;
            else due.Add(send);
        }

        var earlier = await attempts.ReadManyAsync([.. due.Select(s => s.Id)], cancellationToken);
        var toGate = new List<Send>(due.Count);
        var handedOver = new List<Send>();
        foreach (var send in due)
        {
            var rows = earlier.GetValueOrDefault(send.Id) ?? [];
            if (rows.FirstOrDefault(a => a.Outcome == ProviderResult.Accepted) is { } accepted)
            {
                MarkSent(send, accepted.ExternalId, now, "recorded after a restart");
                handedOver.Add(send);
            }
            else if (rows.Any(a => a.Outcome is "started" or ProviderResult.Unknown))
            {
                MarkUnknown(send, now, "An earlier attempt has no recorded result.");
                handedOver.Add(send);
            }
            else
            {
                toGate.Add(send);
            }
        }
        // Their charge may have rolled back with the run that died after handing them over.
        await gate.ChargeHandedOverAsync(handedOver, now, cancellationToken);

        var verdicts = await gate.EvaluateManyAsync(toGate, SendGate.StageDispatch, cancellationToken);
        var ready = new List<Call>(toGate.Count);
        var paused = new Dictionary<(string, string), TimeSpan>();
        for (var i = 0; i < toGate.Count; i++)
        {
            var send = toGate[i];
            if (SendOutcomes.ApplyVerdict(db, send, verdicts[i], now)) continue;
            var number = (earlier.GetValueOrDefault(send.Id)?.Count ?? 0) + 1;
            var provider = providers.For(send.Channel);
            if (provider is null || send.Recipient is null || send.Body is null)
            {
                var code = provider is null ? "platform_unsupported" : send.Recipient is null ? "no_address" : "no_content";
                SendOutcomes.Fail(db, send, code, "The send cannot be handed to a provider.", now);
                continue;
            }
            var message = Message(send, number, verdicts[i].Code);
            var account = provider.AccountFor(message);
            var limit = options.Value.RateLimits.GetValueOrDefault(provider.Name);
            // A bucket's token is taken right before its call (in CallManyAsync), so calls keep the pace the tokens set.
            var bucket = limit is { PerSecond: > 0 } ? limit : null;
            if (bucket is null)
            {
                // Without a bucket the limiter only reports a 429's pause: one look per account serves the whole batch.
                if (!paused.TryGetValue((provider.Name, account), out var wait))
                    paused[(provider.Name, account)] = wait = await rateLimiter.AcquireAsync(provider.Name, account, limit, held: false, cancellationToken);
                if (wait > TimeSpan.Zero)
                {
                    Defer(send, provider.Name, wait, now);
                    continue;
                }
            }
            ready.Add(new Call(send, number, provider, message, account, bucket));
        }

        var held = await attempts.StartManyAsync([.. ready.Select(c => new AttemptLog.Start(c.Send, c.Number, c.Provider.Name))], now, cancellationToken);
        foreach (var call in ready.Where(c => !held.Contains(c.Send.Id)))
            logger.LogInformation("Send {SendId} attempt {Attempt} is already held by another worker.", call.Send.Id, call.Number);
        foreach (var group in ready.Where(c => held.Contains(c.Send.Id)).GroupBy(c => c.Provider))
        {
            var (answered, deferred) = await CallManyAsync(group.Key, [.. group], cancellationToken);
            foreach (var (call, wait) in deferred) Defer(call.Send, call.Provider.Name, wait, now);
            foreach (var (call, result, finished) in answered)
            {
                if (result.Kind == ProviderResult.Retryable && result.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero)
                    await rateLimiter.PauseAsync(call.Provider.Name, call.Account, retryAfter, cancellationToken);
                Apply(call.Send, result, call.Number, finished);
                if (result.Kind == ProviderResult.Rejected && result.Code == CarrierOptOut) await RevokeAsync(call.Send, finished, cancellationToken);
                if (call.Send.Status == SendStatuses.Failed && call.Send.PriceCents > 0) await RefundAsync(call.Send, finished, cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed record Call(Send Send, int Number, ISendProvider Provider, OutgoingMessage Message, string Account, ProviderRateLimit? Bucket);

    /// <summary>
    /// The account's rate limit holds the send back. When a bucket's token was taken it is reserved
    /// for this send (<see cref="RateLimited"/> marks it held): it goes when the token matures,
    /// without taking another. The wait counts from the limiter's answer, not from the start of the batch.
    /// </summary>
    private void Defer(Send send, string provider, TimeSpan wait, DateTimeOffset now)
    {
        send.Status = SendStatuses.Deferred;
        send.ScheduledFor = clock.GetUtcNow() + wait;
        send.ErrorCode = RateLimited;
        send.UpdatedAt = now;
        SendJournal.Add(db, send, SendStatuses.Deferred, "rate_limit", now, RateLimited, $"{provider} account rate limit: due in {wait.TotalSeconds:0.###} s.");
    }

    /// <summary>
    /// One provider's messages, one after another. Each answer passes the fault seam before the
    /// next message goes; whatever happens, the answers heard are recorded and the attempts of
    /// messages never handed over are withdrawn, in one write.
    /// </summary>
    private async Task<(List<(Call Call, ProviderResult Result, DateTimeOffset Finished)> Answered, List<(Call Call, TimeSpan Wait)> Deferred)> CallManyAsync(
        ISendProvider provider, IReadOnlyList<Call> calls, CancellationToken cancellationToken)
    {
        var answered = new List<(Call, ProviderResult, DateTimeOffset)>(calls.Count);
        var deferred = new List<(Call, TimeSpan)>();
        var handedOver = new HashSet<Call>();
        var spans = new Activity?[calls.Count];
        try
        {
            if (provider is IBatchSendProvider batch && calls.All(c => c.Bucket is null))
            {
                var parent = Activity.Current;
                for (var i = 0; i < calls.Count; i++)
                {
                    spans[i] = SendTelemetry.StartProviderCall(provider.Name, calls[i].Send, calls[i].Number);
                    Activity.Current = parent;
                }
                await batch.SendManyAsync([.. calls.Select(c => c.Message)], (i, result) =>
                {
                    handedOver.Add(calls[i]);
                    SendTelemetry.Finished(spans[i], result);
                    spans[i]?.Dispose();
                    faults.AfterProviderCall(calls[i].Send.Id);
                    answered.Add((calls[i], result, clock.GetUtcNow()));
                    return ValueTask.CompletedTask;
                }, cancellationToken);
            }
            else
            {
                foreach (var call in calls)
                {
                    if (call.Bucket is { } bucket)
                    {
                        var wait = await rateLimiter.AcquireAsync(provider.Name, call.Account, bucket, held: call.Send.ErrorCode == RateLimited, cancellationToken);
                        if (wait > TimeSpan.Zero)
                        {
                            deferred.Add((call, wait));
                            continue;
                        }
                    }
                    handedOver.Add(call);
                    var result = await CallAsync(provider, call.Send, call.Message, cancellationToken);
                    faults.AfterProviderCall(call.Send.Id);
                    answered.Add((call, result, clock.GetUtcNow()));
                }
            }
        }
        finally
        {
            foreach (var span in spans) span?.Dispose();
            // A batch provider stops at the first answer that throws: the message it was answering was handed over, the ones after it never were.
            if (provider is IBatchSendProvider && answered.Count < calls.Count && handedOver.Count == answered.Count && calls.All(c => c.Bucket is null))
                handedOver.Add(calls[answered.Count]);
            await attempts.SettleAsync(
                [.. answered.Select(a => new AttemptLog.Finish(a.Item1.Send.Id, a.Item1.Number, a.Item2.Kind, a.Item2.ExternalId, a.Item2.Code, a.Item3))],
                [.. calls.Where(c => !handedOver.Contains(c)).Select(c => (c.Send.Id, c.Number))]);
        }
        return (answered, deferred);
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
            send.Html, send.FromName, send.FromAddress, send.ReplyTo, send.ThreadId, number, template, tag, send.PersonId, send.CompositionId);
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
