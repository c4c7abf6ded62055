using LoopDrive.Core.Events.Intake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Events;

/// <summary>
/// The <c>intake.fetch</c> schedule of live mode: every <see cref="InboxPollOptions.Interval"/>, one
/// <see cref="PollInbox"/> per configured account. Replicas all tick; the cursor row's lock lets one
/// of them read an account. A failed poll is logged and repeated on the next tick.
/// </summary>
internal sealed partial class InboxPollService(
    IServiceScopeFactory scopes, IEnumerable<IInboxPollSource> sources, IOptions<InboxPollOptions> options, ILogger<InboxPollService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = sources.ToArray();
        if (!options.Value.Enabled || all.Length == 0) return;
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            foreach (var source in all)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<PollInbox>().HandleAsync(source, stoppingToken);
                    if (result.Handed > 0) LogPolled(logger, source.Provider, result.Fetched, result.Handed);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The transaction rolled back, so the cursor did not move: the next tick reads the same messages again.
                    LogFailed(logger, source.Provider, e);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Provider} inbox poll read {Fetched} new messages and handed {Handed} to intake")]
    private static partial void LogPolled(ILogger logger, string provider, int fetched, int handed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Provider} inbox poll failed; it is repeated on the next tick")]
    private static partial void LogFailed(ILogger logger, string provider, Exception exception);
}
