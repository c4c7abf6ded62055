namespace LoopDrive.AppHost.Infra;

/// <summary>Where PostgreSQL and Redis come from (<c>Infra:Mode</c>).</summary>
internal enum InfraMode
{
    /// <summary>Containers when a runtime answers, otherwise the machine's own binaries.</summary>
    Auto,
    Container,
    Native,
    /// <summary>Connection strings from configuration (secret parameters when publishing); nothing is started.</summary>
    External,
}

internal static class InfraModeResolver
{
    public const string ConfigKey = "Infra:Mode";

    public static InfraMode ResolveInfraMode(this IDistributedApplicationBuilder builder)
    {
        // A deployment runs against managed services (Azure Database for PostgreSQL, Azure Cache
        // for Redis) whose connection strings are deployment parameters: no dev containers and no
        // native executables in production.
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfraMode.External;
        }

        var raw = builder.Configuration[ConfigKey];
        var mode = InfraMode.Auto;
        if (!string.IsNullOrWhiteSpace(raw) && !Enum.TryParse(raw, ignoreCase: true, out mode))
        {
            throw new InvalidOperationException(
                $"{ConfigKey} is '{raw}'; expected one of: auto, container, native, external.");
        }

        if (mode == InfraMode.Auto)
        {
            mode = ContainerRuntime.IsAvailable(builder.Configuration) ? InfraMode.Container : InfraMode.Native;
        }

        return mode;
    }
}
