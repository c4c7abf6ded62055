using LoopDrive.Client.Http;

namespace LoopDrive.Client.Modules;

/// <summary>
/// Brand voice (contract §4): compose, prompt packs, snippets, voice analytics.
/// Its route methods arrive with the area's API; until then the module only carries the shared helpers.
/// </summary>
public sealed class VoiceClient : ClientModule
{
    internal VoiceClient(ApiTransport transport)
        : base(transport)
    {
    }
}
