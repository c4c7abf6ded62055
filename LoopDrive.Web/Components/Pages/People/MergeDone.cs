namespace LoopDrive.Web.Components.Pages.People;

/// <summary>A merge made on this page, kept so it can still be undone after the sections reload.</summary>
public sealed record MergeDone(string MergeId, string SourceId, string SourceName);
