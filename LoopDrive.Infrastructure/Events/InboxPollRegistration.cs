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
    /// Live mode (<c>Providers:Mode=live</c>): the scheduled polls of the accounts that are
    /// configured — the Reddit inbox (<c>Reddit:*</c>) and X direct messages (<c>X:BearerToken</c>) —
    /// set by <c>Events:Poll</c>. Sandbox mode: the sandbox's Reddit inbox, the one provider the
    /// sandbox cannot answer through a webhook (other sandbox replies arrive as its own webhooks).
    /// Needs the live send providers (<c>AddSendProviders</c>), whose HTTP clients and tokens it shares.
    /// </summary>
    public static IHostApplicationBuilder AddInboxPolls(this IHostApplicationBuilder builder)
    {
        builder.AddSendProviders();
        builder.Services.AddOptions<InboxPollOptions>().BindConfiguration(InboxPollOptions.Section);
        builder.Services.TryAddScoped<PollInbox>();
        builder.Services.AddHostedService<InboxPollService>();
        if (!ProviderKeys.IsLive(builder.Configuration))
        {
            builder.Services.AddSandboxRedditInbox();
            return builder;
        }
        var reddit = new RedditOptions();
        builder.Configuration.GetSection(RedditOptions.Section).Bind(reddit);
        if (reddit.Configured) builder.Services.AddSingleton<IInboxPollSource, RedditInboxPoll>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{XOptions.Section}:{nameof(XOptions.BearerToken)}"]))
            builder.Services.AddSingleton<IInboxPollSource, XDmPoll>();
        return builder;
    }
}
