using System.Text;

namespace LoopDrive.Core.Platform;

public static class WorkspaceSlugs
{
    /// <summary>Lower-case letters, digits and single dashes, 2–48 characters.</summary>
    public static string FromName(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var result = slug.ToString().Trim('-');
        return result.Length > 48 ? result[..48].TrimEnd('-') : result;
    }

    public static bool IsValid(string slug) =>
        slug.Length is >= 2 and <= 48 && slug == FromName(slug);
}
