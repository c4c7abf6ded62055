using LoopDrive.Client.Http;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Events (contract §7): ingest, query, stats, funnels, attribution, timeline.
/// Its route methods arrive with the area's API; until then the module only carries the shared helpers.
/// </summary>
public sealed class EventsClient : ClientModule
{
    internal EventsClient(ApiTransport transport)
        : base(transport)
    {
    }
}
