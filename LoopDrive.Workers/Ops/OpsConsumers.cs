using LoopDrive.Contracts.Spine;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Ops;

public static class OpsConsumers
{
    public static IServiceCollection AddOpsConsumers(this IServiceCollection services) =>
        services.AddStreamConsumer<PingConsumer, PingRequested>();
}
