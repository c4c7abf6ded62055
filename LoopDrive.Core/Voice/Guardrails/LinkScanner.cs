using System.Text.RegularExpressions;

namespace LoopDrive.Core.Voice.Guardrails;

/// <summary>Finds links in copy and decides whether a link's host is one the brand allows.</summary>
public static partial class LinkScanner
{
    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""')\]]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    /// <summary>Shorteners hide the destination, so a brand's copy never uses them.</summary>
    private static readonly HashSet<string> Shorteners = ["bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly"];

    public sealed record Link(string Url, string? Host, int Start, int Length);

    public static IReadOnlyList<Link> Find(string text)
    {
        var links = new List<Link>();
        foreach (Match m in LinkPattern().Matches(text))
        {
            var url = m.Value.TrimEnd('.', ',', '!', '?', ';', ':');
            var absolute = url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "https://" + url : url;
            var host = Uri.TryCreate(absolute, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : null;
            links.Add(new Link(url, host, m.Index, url.Length));
        }
        return links;
    }

    /// <summary>Why a link is refused, or null when it is fine.</summary>
    public static string? Problem(Link link, IReadOnlyList<string> allowedDomains)
    {
        if (link.Host is null) return "is not a valid URL";
        if (link.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return "is not HTTPS";
        if (System.Net.IPAddress.TryParse(link.Host, out _)) return "points at a bare IP address";
        if (Shorteners.Contains(link.Host)) return "uses a link shortener";
        if (allowedDomains.Count > 0 && !allowedDomains.Any(d => IsWithin(link.Host, d))) return "is not on an allowed domain";
        return null;
    }

    public static bool IsWithin(string host, string domain) =>
        host.Equals(domain, StringComparison.OrdinalIgnoreCase)
        || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
}
