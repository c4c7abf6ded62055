using Bunit;
using LoopDrive.Contracts.Spine;
using LoopDrive.Web.Components.Pages.Operations;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Operations;

public sealed class CriticalLagTests : DashboardTestContext
{
    [Fact]
    public void A_critical_stream_renders_with_the_error_chip_and_is_counted_in_the_summary()
    {
        QueueStats[] queues =
        [
            ContractSamples.Stream(StreamNames.EmailSend, "critical", pending: 9, oldestMs: 400_000),
            ContractSamples.Stream(StreamNames.SmsSend, "lagging", pending: 2, oldestMs: 70_000),
            ContractSamples.Stream(StreamNames.OpsPing),
        ];

        var table = Render<QueueTable>(p => p.Add(t => t.Queues, queues));
        var chip = table.Find("tr.queue-row-critical .queue-status");
        Assert.Equal("critical", chip.GetAttribute("data-status"));
        Assert.Contains("mud-chip-color-error", chip.ClassName, StringComparison.Ordinal);

        var summary = Render<SpineSummary>(p => p.Add(s => s.Health, ContractSamples.Health(queues)));
        Assert.Equal("1 critical", summary.Find(".critical-count").TextContent.Trim());
    }
}
