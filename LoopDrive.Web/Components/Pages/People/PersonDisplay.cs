using System.Globalization;
using LoopDrive.Contracts.People;

namespace LoopDrive.Web.Components.Pages.People;

/// <summary>How people and their parts are named on screen.</summary>
public static class PersonDisplay
{
    public static string Name(Person person)
    {
        var name = string.Join(' ', new[] { person.FirstName, person.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : "Unnamed person";
    }

    public static string Initials(Person person)
    {
        var letters = new[] { person.FirstName, person.LastName }
            .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => char.ToUpperInvariant(n!.Trim()[0]));
        var initials = string.Concat(letters);
        return initials.Length > 0 ? initials : "?";
    }

    public static string Percent(double value) => string.Create(CultureInfo.InvariantCulture, $"{value * 100:0}%");

    public static string IdentityIcon(string type) => type switch
    {
        "email" => MudBlazor.Icons.Material.Outlined.Email,
        "phone" => MudBlazor.Icons.Material.Outlined.Phone,
        "instagram" or "facebook" or "x" or "tiktok" or "youtube" or "linkedin" or "reddit" or "whatsapp" => MudBlazor.Icons.Material.Outlined.AlternateEmail,
        _ => MudBlazor.Icons.Material.Outlined.Badge,
    };

    public static MudBlazor.Color ConsentColor(string? status) => status switch
    {
        "granted" => MudBlazor.Color.Success,
        "revoked" => MudBlazor.Color.Error,
        "pending" => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };
}
