using Bunit;
using LoopDrive.Contracts.Spine;
using LoopDrive.Web.Components.Pages.Operations;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.Components;

public sealed class QueueTableTests : DashboardTestContext
{
    [Fact]
    public void A_lagging_stream_renders_with_the_lagging_chip()
    {
        var table = Render<QueueTable>(p => p.Add(t => t.Queues,
        [
            ContractSamples.Stream(StreamNames.EmailSend, "lagging", pending: 42, oldestMs: 95_000),
            ContractSamples.Stream(StreamNames.SmsSend),
        ]));

        var lagging = table.Find("tr.queue-row-lagging");
        Assert.Contains(StreamNames.EmailSend, lagging.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 min 35 s", lagging.TextContent, StringComparison.Ordinal);
        var chip = lagging.QuerySelector(".queue-status")!;
        Assert.Equal("lagging", chip.GetAttribute("data-status"));
        Assert.Contains("mud-chip-color-warning", chip.ClassName, StringComparison.Ordinal);

        var ok = table.Find("tr.queue-row-ok .queue-status");
        Assert.Contains("mud-chip-color-success", ok.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_stream_is_shown_in_the_error_colour()
    {
        var table = Render<QueueTable>(p => p.Add(t => t.Queues, [ContractSamples.Stream(StreamNames.BudgetExecute, "unreachable")]));

        var chip = table.Find("tr.queue-row-unreachable .queue-status");
        Assert.Contains("mud-chip-color-error", chip.ClassName, StringComparison.Ordinal);
        Assert.Contains("unreachable", chip.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Dead_letters_and_counts_are_shown_per_stream()
    {
        var table = Render<QueueTable>(p => p.Add(t => t.Queues, [ContractSamples.Stream(StreamNames.IntakeEmbed, dead: 1_234)]));

        var cells = table.FindAll("tr.queue-row td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal([StreamNames.IntakeEmbed, "12", "0", "—", "1,234", "1", "ok"], cells);
    }
}
