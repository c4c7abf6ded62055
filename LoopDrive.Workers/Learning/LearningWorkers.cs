using LoopDrive.Contracts.Learning;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Learning;

public static class LearningWorkers
{
    /// <summary>The <c>learning.tune</c> consumer.</summary>
    public static IHostApplicationBuilder AddLearningWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddStreamConsumer<LearningTuneConsumer, LearningOutcomeObserved>();
        return builder;
    }
}
