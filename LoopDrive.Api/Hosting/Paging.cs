namespace LoopDrive.Api;

/// <summary>CONTRACT.md §1 paging: limit defaults to 50 and is capped at 200; offset defaults to 0.</summary>
internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);

    public static int Offset(int? offset) => Math.Max(offset ?? 0, 0);
}
