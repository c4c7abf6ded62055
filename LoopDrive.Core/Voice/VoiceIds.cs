namespace LoopDrive.Core.Voice;

/// <summary>Id prefixes of the brand voice area (CONTRACT.md §1 leaves them to us, apart from <c>brand_</c> and <c>snip_</c>).</summary>
public static class VoiceIds
{
    public const string Brand = "brand";
    public const string PromptPack = "pp";
    public const string Composition = "cmp";
}
