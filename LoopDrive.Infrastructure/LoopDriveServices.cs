using LoopDrive.Core;
using LoopDrive.Infrastructure.Ai;
using LoopDrive.Infrastructure.Budget;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Infrastructure.Events;
using LoopDrive.Infrastructure.Learning;
using LoopDrive.Infrastructure.Sends;
using Microsoft.Extensions.Hosting;

namespace LoopDrive.Infrastructure;

public static class LoopDriveServices
{
    /// <summary>
    /// What every host that runs use cases needs, in one place: data (PostgreSQL, Redis), AI, the
    /// domain's use cases and the providers they call (payments, live event feed, sends). The API,
    /// the workers and the test and benchmark hosts all call this, so a use case can never be
    /// registered in one host without what it depends on.
    /// </summary>
    public static IHostApplicationBuilder AddLoopDriveServices(this IHostApplicationBuilder builder)
    {
        builder.AddLoopDriveData();
        builder.AddLoopDriveAi();
        builder.Services.AddLoopDriveCore();
        builder.AddBudgetProviders();
        builder.Services.AddEventsInfrastructure();
        builder.AddSendProviders();
        builder.AddLearningInfrastructure();
        return builder;
    }
}
