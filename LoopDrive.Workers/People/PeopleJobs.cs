namespace LoopDrive.Workers.People;

public static class PeopleJobs
{
    public static IServiceCollection AddPeopleJobs(this IServiceCollection services) =>
        services.AddHostedService<MemoryEmbeddingRetry>();
}
