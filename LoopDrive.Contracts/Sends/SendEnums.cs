namespace LoopDrive.Contracts.Sends;

public static class SendEnums
{
    /// <summary>DmPlatform: the platforms with a DM connector; any other → 422 <c>platform_unsupported</c>.</summary>
    public static readonly IReadOnlyList<string> DmPlatforms = ["instagram", "x", "reddit", "whatsapp"];

    public static readonly IReadOnlyList<string> BulkChannels = ["email", "sms", .. DmPlatforms];

    public const int MaxBulkRecipients = 100_000;
}
