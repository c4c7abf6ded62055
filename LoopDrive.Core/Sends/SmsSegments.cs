namespace LoopDrive.Core.Sends;

/// <summary>
/// How many SMS parts a body takes, as carriers bill it: GSM-7 when every character is in the GSM
/// 03.38 alphabet (extension characters take two septets), else UCS-2 counted in UTF-16 code units;
/// a long message loses room to the concatenation header (153 septets or 67 units per part).
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    public static bool IsGsm7(string body) => body.All(c => Basic.Contains(c) || Extension.Contains(c));

    public static int Count(string body)
    {
        if (body.Length == 0) return 1;
        if (IsGsm7(body))
        {
            var septets = body.Sum(c => Extension.Contains(c) ? 2 : 1);
            return septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0);
        }
        return body.Length <= 70 ? 1 : (int)Math.Ceiling(body.Length / 67.0);
    }
}
