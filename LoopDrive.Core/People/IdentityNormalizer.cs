using System.Net.Mail;
using LoopDrive.Contracts.People;
using PhoneNumbers;

namespace LoopDrive.Core.People;

/// <summary>A normalized identity: the stored <see cref="Value"/> and the caller's <see cref="Original"/> spelling.</summary>
public sealed record NormalizedIdentity(string Type, string Value, string Original);

/// <summary>Per-workspace normalization settings.</summary>
public sealed record NormalizationOptions(string DefaultRegion, bool FoldEmailSubaddress = false);

/// <summary>
/// Emails trimmed and lower-cased (optionally without <c>+tag</c>), phones to E.164 through
/// libphonenumber, handles without <c>@</c> and lower-cased where the platform ignores case.
/// Every refusal names what was wrong so the API can say which field.
/// </summary>
public static class IdentityNormalizer
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string type, string? raw, NormalizationOptions options, out NormalizedIdentity identity, out string error)
    {
        identity = null!;
        error = "";
        if (!PeopleEnums.IdentityTypes.Contains(type))
        {
            error = "Unknown identity type; one of: " + string.Join(", ", PeopleEnums.IdentityTypes) + ".";
            return false;
        }
        var trimmed = raw?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "Must not be empty.";
            return false;
        }
        string? value = type switch
        {
            IdentityTypes.Email => NormalizeEmail(trimmed, options.FoldEmailSubaddress, out error),
            IdentityTypes.Phone or IdentityTypes.WhatsApp => NormalizePhone(trimmed, options.DefaultRegion, out error),
            _ when IdentityTypes.IsSystemId(type) => NormalizeSystemId(trimmed, out error),
            _ => NormalizeHandle(type, trimmed, out error),
        };
        if (value is null) return false;
        identity = new NormalizedIdentity(type, value, raw!);
        return true;
    }

    private static string? NormalizeEmail(string raw, bool foldSubaddress, out string error)
    {
        error = "Not a valid email address.";
        if (raw.Length > 254 || raw.Any(char.IsWhiteSpace) || raw.Count(c => c == '@') != 1)
            return null;
        var at = raw.IndexOf('@', StringComparison.Ordinal);
        var local = raw[..at];
        var domain = raw[(at + 1)..].TrimEnd('.').ToLowerInvariant();
        if (local.Length is 0 or > 64 || domain.Length < 3 || !domain.Contains('.', StringComparison.Ordinal)
            || domain.StartsWith('.') || domain.Contains("..", StringComparison.Ordinal)
            || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
            return null;
        if (!MailAddress.TryCreate(raw, out _))
            return null;
        local = local.ToLowerInvariant();
        if (foldSubaddress)
        {
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            if (plus > 0) local = local[..plus];
        }
        error = "";
        return local + "@" + domain;
    }

    private static string? NormalizePhone(string raw, string defaultRegion, out string error)
    {
        try
        {
            var number = Phones.Parse(raw, defaultRegion);
            if (Phones.IsValidNumber(number))
            {
                error = "";
                return Phones.Format(number, PhoneNumberFormat.E164);
            }
            error = $"Not a valid phone number (read with default region {defaultRegion}); use E.164 such as +14155550123.";
        }
        catch (NumberParseException)
        {
            error = "Not a phone number; use E.164 such as +14155550123.";
        }
        return null;
    }

    private static string? NormalizeHandle(string type, string raw, out string error)
    {
        var handle = raw.TrimStart('@');
        if (handle.Length is 0 or > 100 || handle.Any(char.IsWhiteSpace))
        {
            error = "Not a valid handle: 1–100 characters, no spaces.";
            return null;
        }
        error = "";
        return IdentityTypes.IsCaseInsensitiveHandle(type) ? handle.ToLowerInvariant() : handle;
    }

    private static string? NormalizeSystemId(string raw, out string error)
    {
        if (raw.Length > 200 || raw.Any(char.IsWhiteSpace))
        {
            error = "Not a valid id: at most 200 characters, no spaces.";
            return null;
        }
        error = "";
        return raw;
    }

    /// <summary>Best-effort region of a normalized E.164 number (for quiet hours when a person has no time zone).</summary>
    public static string? RegionOf(string e164)
    {
        try
        {
            return Phones.GetRegionCodeForNumber(Phones.Parse(e164, null));
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
