namespace LoopDrive.AppHost.Infra;

/// <summary>
/// The demo workspace's API key: generated once, kept in <c>&lt;state&gt;/demo-api-key</c> so
/// curl and the tests can read it, seeded by the migrations and used by the web dashboard.
/// </summary>
internal static class DemoKey
{
    public const string FileName = "demo-api-key";
    public const string ParameterName = "demo-api-key";
    private const string Prefix = "ld_";
    private const int RandomBytes = 24;

    /// <summary>Null in publish mode: a deployment seeds no demo workspace.</summary>
    public static IResourceBuilder<ParameterResource>? AddDemoApiKey(this IDistributedApplicationBuilder builder, string stateDirectory)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return null;
        }

        var key = StateDirectory.ReadOrCreateSecret(
            Path.Combine(stateDirectory, FileName), () => Prefix + StateDirectory.RandomHex(RandomBytes));
        return builder.AddParameter(ParameterName, () => key, secret: true);
    }

    public static IResourceBuilder<T> WithDemoApiKey<T>(this IResourceBuilder<T> service, string variable, IResourceBuilder<ParameterResource>? key)
        where T : IResourceWithEnvironment =>
        key is null ? service : service.WithEnvironment(variable, key);
}
