using LoopDrive.Core.Common;
using LoopDrive.Core.People;
using LoopDrive.Core.Platform;
using LoopDrive.Core.Spine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopDrive.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The domain's services: clock, workspace context, outbox and the use cases of every area.</summary>
    public static IServiceCollection AddLoopDriveCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<WorkspaceContext>();
        services.AddScoped<IWorkspaceContext>(sp => sp.GetRequiredService<WorkspaceContext>());
        services.AddScoped<Outbox>();
        services.AddScoped<RequestPing>();
        services.AddScoped<HandlePing>();
        services.AddScoped<CreateWorkspace>();
        services.AddScoped<CreateApiKey>();
        services.AddScoped<RevokeApiKey>();
        services.AddScoped<EnsureDemoWorkspace>();
        services.AddMemoryCache();
        services.AddScoped<WorkspacePolicies>();

        services.AddScoped<ResolvePerson>();
        services.AddScoped<FindPerson>();
        services.AddScoped<SearchPersons>();
        services.AddScoped<ConsentPolicy>();
        services.AddScoped<UpdateConsent>();
        services.AddScoped<AddMemory>();
        services.AddScoped<QueryMemory>();
        services.AddScoped<EmbedPendingMemories>();
        services.AddScoped<MergePersons>();
        services.AddScoped<UndoMerge>();
        services.AddScoped<ErasePerson>();
        return services;
    }
}
