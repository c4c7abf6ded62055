using LoopDrive.Core.Events.Intake;
using LoopDrive.Core.Sends.Webhooks;
using LoopDrive.Infrastructure.Sends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LoopDrive.Infrastructure.Events;

public static class InboxPollRegistration
{
    /// <summary>
    /// Live mode only (<c>Providers:Mode=live</c>): the scheduled polls of the accounts that are
    /// configured — the Reddit inbox (<c>Reddit:*</c>) and X direct messages (<c>X:BearerToken</c>) —
    /// set by <c>Events:Poll</c>. Sandbox replies arrive as the sandbox's own webhooks instead.
    /// Needs the live send providers (<c>AddSendProviders</c>), whose HTTP clients and tokens it shares.
    /// </summary>
    public static IHostApplicationBuilder AddInboxPolls(this IHostApplicationBuilder builder)
    {
        if (!ProviderKeys.IsLive(builder.Configuration)) return builder;
        builder.AddSendProviders();
        builder.Services.AddOptions<InboxPollOptions>().BindConfiguration(InboxPollOptions.Section);
        builder.Services.TryAddScoped<PollInbox>();
        var reddit = new RedditOptions();
        builder.Configuration.GetSection(RedditOptions.Section).Bind(reddit);
        if (reddit.Configured) builder.Services.AddSingleton<IInboxPollSource, RedditInboxPoll>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{XOptions.Section}:{nameof(XOptions.BearerToken)}"]))
            builder.Services.AddSingleton<IInboxPollSource, XDmPoll>();
        builder.Services.AddHostedService<InboxPollService>();
        return builder;
    }
}
