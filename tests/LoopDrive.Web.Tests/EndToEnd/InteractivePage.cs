using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoopDrive.Web.Tests.EndToEnd;

/// <summary>Waits for a server-rendered page to become interactive.</summary>
public static class InteractivePage
{
    /// <summary>
    /// Clicks <paramref name="target"/> until <paramref name="appears"/> shows: clicks before the
    /// interactive circuit starts are lost, so one click is not enough.
    /// </summary>
    public static async Task ClickUntilVisibleAsync(ILocator target, ILocator appears, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            await target.ClickAsync(new() { Timeout = (float)(within ?? TimeSpan.FromSeconds(60)).TotalMilliseconds });
            try
            {
                await Expect(appears).ToBeVisibleAsync(new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // Not interactive yet: click again.
            }
        }
    }
}
