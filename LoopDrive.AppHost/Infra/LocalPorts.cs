namespace LoopDrive.AppHost.Infra;

/// <summary>
/// Fixed ports in run mode so tools outside the AppHost (<c>./loopdrive keys</c>, psql, redis-cli)
/// can find the servers; random ones when the testing builder randomizes ports, so parallel test
/// runs and a running local system never collide.
/// </summary>
internal static class LocalPorts
{
    public const int Postgres = 55432;
    public const int Redis = 56379;

    public static int? Fixed(this IDistributedApplicationBuilder builder, int port) =>
        builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts") ? null : port;
}
