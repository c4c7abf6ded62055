using LoopDrive.Core.Common;
using LoopDrive.Core.Budget;
using LoopDrive.Core.Events;
using LoopDrive.Core.Learning;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Sends;
using LoopDrive.Core.Spine;
using LoopDrive.Core.Voice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopDrive.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The domain's services: the platform's plus the use cases of every area. Those use the AI
    /// abstractions, so the host must also register an embedding generator (Infrastructure's AddLoopDriveAi).
    /// </summary>
    public static IServiceCollection AddLoopDriveCore(this IServiceCollection services)
    {
        services.AddLoopDrivePlatform();
        services.AddMemoryCache();
        services.AddScoped<WorkspacePolicies>();

        services.AddScoped<ResolvePerson>();
        services.AddScoped<FindPerson>();
        services.AddScoped<SearchPersons>();
        services.AddScoped<ConsentPolicy>();
        services.AddScoped<UpdateConsent>();
        services.AddScoped<AddMemory>();
        services.AddScoped<QueryMemory>();
        services.AddSingleton<PersonMemoryVectors>();
        services.AddScoped<EmbedPendingMemories>();
        services.AddScoped<MergePersons>();
        services.AddScoped<UndoMerge>();
        services.AddScoped<ErasePerson>();
        services.AddBudgetCore();
        services.AddEventsCore();
        services.AddVoiceCore();
        services.AddSendsCore();
        services.AddLearningCore();
        return services;
    }

    /// <summary>Clock, workspace context, outbox, the spine's own use cases, workspaces and keys: what every host needs, the migrator included.</summary>
    public static IServiceCollection AddLoopDrivePlatform(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<WorkspaceContext>();
        services.AddScoped<IWorkspaceContext>(sp => sp.GetRequiredService<WorkspaceContext>());
        services.AddScoped<Outbox>();
        services.AddScoped<AfterCommit>();
        services.AddScoped<RequestPing>();
        services.AddScoped<HandlePing>();
        services.AddScoped<CreateWorkspace>();
        services.AddScoped<CreateApiKey>();
        services.AddScoped<RevokeApiKey>();
        services.AddScoped<EnsureDemoWorkspace>();
        return services;
    }
}
