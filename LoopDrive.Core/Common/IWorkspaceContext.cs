namespace LoopDrive.Core.Common;

/// <summary>
/// The workspace the current unit of work acts for. The API sets it from the caller's key; a
/// worker sets it from the message it handles. Unset means a system context (migrations, relay)
/// that sees every workspace — which is why the API refuses to run a handler without one.
/// </summary>
public interface IWorkspaceContext
{
    string? WorkspaceId { get; }
}

/// <summary>The scoped, settable implementation.</summary>
public sealed class WorkspaceContext : IWorkspaceContext
{
    public string? WorkspaceId { get; private set; }

    public string? ApiKeyId { get; private set; }

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public void Set(string workspaceId, string? apiKeyId = null, IReadOnlyList<string>? scopes = null)
    {
        WorkspaceId = workspaceId;
        ApiKeyId = apiKeyId;
        Scopes = scopes ?? [];
    }

    /// <summary>Back to the system context (no workspace), e.g. between stream messages of different workspaces.</summary>
    public void Clear()
    {
        WorkspaceId = null;
        ApiKeyId = null;
        Scopes = [];
    }

    public string RequiredWorkspaceId =>
        WorkspaceId ?? throw new InvalidOperationException("No workspace is set for this unit of work.");
}
