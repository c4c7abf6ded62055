using Microsoft.Extensions.AI;

namespace LoopDrive.Core.Voice.Compose;

/// <summary>
/// The writers compose may use: the configured model (OpenAI/Azure OpenAI) when there is one, and
/// the deterministic template writer that always answers — offline, and as the fallback.
/// </summary>
public sealed record VoiceChatClients(IChatClient? Model, string? ModelName, IChatClient Template)
{
    public const string TemplateModelName = "loopdrive-template-v1";
}
