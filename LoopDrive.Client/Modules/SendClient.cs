using LoopDrive.Client.Http;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Sends (contract §5): email, SMS and social DMs, status, cancel, bulk jobs.
/// Its route methods arrive with the area's API; until then the module only carries the shared helpers.
/// </summary>
public sealed class SendClient : ClientModule
{
    internal SendClient(ApiTransport transport)
        : base(transport)
    {
    }
}
