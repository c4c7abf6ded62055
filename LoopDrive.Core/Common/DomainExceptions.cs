namespace LoopDrive.Core.Common;

/// <summary>A request that conflicts with current state (HTTP 409). <see cref="Code"/> is stable snake_case.</summary>
public sealed class DomainConflictException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>A business rule refuses the request (HTTP 422).</summary>
public sealed class DomainRuleException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
