using LoopDrive.Core.Learning;
using LoopDrive.Core.Learning.Demo;
using LoopDrive.Core.Sends;
using LoopDrive.Infrastructure.Learning.World;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoopDrive.Infrastructure.Learning;

public static class LearningRegistration
{
    /// <summary>
    /// Binds the <c>Learning</c> options; with <c>Learning:World:Enabled=true</c> the simulated world
    /// answers the sandbox providers' sends in place of the default audience.
    /// </summary>
    public static IHostApplicationBuilder AddLearningInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LearningOptions>().BindConfiguration(LearningOptions.Section);
        // The demo's weak and strong snippets have known qualities in the world; configured values win.
        builder.Services.AddOptions<WorldParameters>().BindConfiguration(WorldParameters.Section).PostConfigure(p =>
        {
            foreach (var (id, quality) in DemoCatalogue.SnippetQualities) p.SnippetQualityById.TryAdd(id, quality);
        });
        builder.Services.TryAddSingleton(sp => new SimulatedWorld(sp.GetRequiredService<IOptions<WorldParameters>>().Value));
        builder.Services.TryAddSingleton(sp => new WorldClocks(sp.GetRequiredService<NpgsqlDataSource>()));
        if (builder.Configuration.GetValue<bool>($"{WorldParameters.Section}:{nameof(WorldParameters.Enabled)}"))
            builder.Services.Replace(ServiceDescriptor.Singleton<ISandboxAudience, WorldAudience>());
        return builder;
    }
}
