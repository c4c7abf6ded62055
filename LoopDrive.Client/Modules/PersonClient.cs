using LoopDrive.Client.Http;

namespace LoopDrive.Client.Modules;

/// <summary>
/// People (contract §3): resolve, identities, memory, topics, consent, notes, merge, search, timeline.
/// Its route methods arrive with the area's API; until then the module only carries the shared helpers.
/// </summary>
public sealed class PersonClient : ClientModule
{
    internal PersonClient(ApiTransport transport)
        : base(transport)
    {
    }
}
