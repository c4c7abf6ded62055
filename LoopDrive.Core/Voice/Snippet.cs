using LoopDrive.Core.Common;

namespace LoopDrive.Core.Voice;

/// <summary>A reusable piece of copy (subject, opening, cta, ps, …) with its observed win rate.</summary>
public sealed class Snippet : IWorkspaceScoped
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string BrandId { get; set; }
    public required string Channel { get; set; }
    public required string Objective { get; set; }
    public required string Text { get; set; }
    public required string Usage { get; set; }
    public double WinRate { get; set; } = 0.5;
    public int Impressions { get; set; }
    public int Conversions { get; set; }
    public string? Metadata { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
