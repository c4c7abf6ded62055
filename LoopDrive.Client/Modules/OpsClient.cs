using LoopDrive.Client.Http;
using LoopDrive.Contracts.Spine;

namespace LoopDrive.Client.Modules;

/// <summary>Operations: health of the spine's streams and the outbox, and the end-to-end ping.</summary>
public sealed class OpsClient : ClientModule
{
    private const string Root = "api/ops";

    internal OpsClient(ApiTransport transport)
        : base(transport)
    {
    }

    /// <summary><c>GET /api/ops/queues</c></summary>
    public Task<QueueHealth> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<QueueHealth>(ApiPath.Root(Root).Segment("queues"), cancellationToken);

    /// <summary><c>POST /api/ops/pings</c>: answers 202 with a pending ping; a worker marks it handled.</summary>
    public Task<Ping> CreatePingAsync(CancellationToken cancellationToken = default) =>
        PostAsync<Ping>(ApiPath.Root(Root).Segment("pings"), null, cancellationToken);

    /// <summary><c>GET /api/ops/pings/{pingId}</c></summary>
    public Task<Ping> GetPingAsync(string pingId, CancellationToken cancellationToken = default) =>
        GetAsync<Ping>(ApiPath.Root(Root).Segment("pings").Segment(pingId), cancellationToken);
}
