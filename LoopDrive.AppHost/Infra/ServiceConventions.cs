namespace LoopDrive.AppHost.Infra;

/// <summary>Settings every LoopDrive service process gets from the AppHost.</summary>
internal static class ServiceConventions
{
    /// <summary>
    /// On stop the dashboard's collector goes first; with the default 10 s export timeout each
    /// service would then spend that long retrying its final flush. One second keeps stops quick.
    /// </summary>
    public static IResourceBuilder<T> WithLoopDriveConventions<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment =>
        service
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000")
            .WithEnvironment("ASPIRE_VERSION_CHECK_DISABLED", "true");

    public static IResourceBuilder<T> WithStateDirectory<T>(this IResourceBuilder<T> service, IDistributedApplicationBuilder builder, string stateDirectory)
        where T : IResourceWithEnvironment =>
        builder.ExecutionContext.IsRunMode ? service.WithEnvironment("LoopDrive__StateDirectory", stateDirectory) : service;
}
