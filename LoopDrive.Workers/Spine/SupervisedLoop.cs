namespace LoopDrive.Workers.Spine;

/// <summary>
/// Runs a long-lived loop until shutdown and restarts it a second after an unexpected failure,
/// so one bug in a pass never stops the worker process's relay or consumers for good.
/// </summary>
internal static class SupervisedLoop
{
    public static async Task RunAsync(Func<CancellationToken, Task> loop, Action<Exception> onCrash, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await loop(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                onCrash(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
