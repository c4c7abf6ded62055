namespace LoopDrive.Core.Platform;

public sealed class Workspace
{
    public required string Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    /// <summary>ISO 3166 region used to read phone numbers written without a country code.</summary>
    public string DefaultRegion { get; set; } = "US";
    /// <summary>IANA time zone used where a person has none.</summary>
    public string Timezone { get; set; } = "UTC";
    /// <summary>Workspace policies (frequency caps, quiet hours, …) as JSON; each area reads its own keys.</summary>
    public string? Settings { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
