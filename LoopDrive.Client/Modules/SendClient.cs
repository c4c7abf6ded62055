using LoopDrive.Client.Http;
using LoopDrive.Contracts.Sends;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Sends (contract §5): email, SMS and social DMs, status with events and gate verdicts, cancel,
/// per-person history, bulk jobs.
/// </summary>
public sealed class SendClient : ClientModule
{
    internal SendClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>POST /api/email/send</c>: 202 with the queued send; without body the server composes from brandId and objective.</summary>
    public Task<SendResult> EmailAsync(EmailSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<SendResult>(ApiPath.Root("api/email").Segment("send"), request, cancellationToken);
    }

    /// <summary><c>POST /api/sms/send</c>.</summary>
    public Task<SendResult> SmsAsync(SmsSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<SendResult>(ApiPath.Root("api/sms").Segment("send"), request, cancellationToken);
    }

    /// <summary><c>POST /api/social/{platform}/dm</c>: the body's platform must equal <paramref name="platform"/>.</summary>
    public Task<SendResult> DmAsync(string platform, DmSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(platform);
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<SendResult>(ApiPath.Root("api/social").Segment(platform).Segment("dm"), request, cancellationToken);
    }

    /// <summary><c>GET /api/send/{id}/status</c>: status, event timeline and the gate's verdicts.</summary>
    public Task<SendStatus> StatusAsync(string sendId, CancellationToken cancellationToken = default) =>
        GetAsync<SendStatus>(ApiPath.Root("api/send").Segment(sendId).Segment("status"), cancellationToken);

    /// <summary><c>POST /api/send/{id}/cancel</c>: only a send queued for a future time; a repeat answers the state.</summary>
    public Task<SendStatus> CancelAsync(string sendId, CancellationToken cancellationToken = default) =>
        PostAsync<SendStatus>(ApiPath.Root("api/send").Segment(sendId).Segment("cancel"), null, cancellationToken);

    /// <summary><c>GET /api/person/{id}/sends?channels=&amp;limit=&amp;offset=</c>: newest first.</summary>
    public Task<SendHistory> HistoryAsync(string personId, IEnumerable<string>? channels = null, int? limit = null, int? offset = null,
        CancellationToken cancellationToken = default) =>
        GetAsync<SendHistory>(ApiPath.Root("api/person").Segment(personId).Segment("sends")
            .Query("channels", channels).Query("limit", limit).Query("offset", offset), cancellationToken);

    /// <summary><c>POST /api/send/bulk</c>: the channel is inferred when not given (D29).</summary>
    public Task<BulkSendAccepted> BulkAsync(BulkSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PostAsync<BulkSendAccepted>(ApiPath.Root("api/send").Segment("bulk"), request, cancellationToken);
    }

    /// <summary><c>GET /api/send/bulk/{jobId}</c>: live counts and progress.</summary>
    public Task<BulkJobStatus> BulkStatusAsync(string jobId, CancellationToken cancellationToken = default) =>
        GetAsync<BulkJobStatus>(ApiPath.Root("api/send").Segment("bulk").Segment(jobId), cancellationToken);

    /// <summary><c>GET /api/sends?channel=&amp;status=&amp;personId=&amp;code=&amp;limit=&amp;offset=</c>: the workspace's send log, newest first.</summary>
    public Task<SendHistory> LogAsync(string? channel = null, string? status = null, string? personId = null, string? code = null,
        int? limit = null, int? offset = null, CancellationToken cancellationToken = default) =>
        GetAsync<SendHistory>(ApiPath.Root("api/sends").Query("channel", channel).Query("status", status).Query("personId", personId)
            .Query("code", code).Query("limit", limit).Query("offset", offset), cancellationToken);

    /// <summary><c>GET /api/sends/skipped?from=&amp;to=</c>: skipped sends counted per reason code and channel.</summary>
    public Task<SkipReasonSummary> SkipReasonsAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        GetAsync<SkipReasonSummary>(ApiPath.Root("api/sends").Segment("skipped").Query("from", from).Query("to", to), cancellationToken);
}
