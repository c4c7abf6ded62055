namespace LoopDrive.Core.Common;

/// <summary>A tenant row. The DbContext filters these to the caller's workspace on every query.</summary>
public interface IWorkspaceScoped
{
    string WorkspaceId { get; }
}
