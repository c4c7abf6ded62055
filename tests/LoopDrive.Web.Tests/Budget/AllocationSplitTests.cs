using LoopDrive.Web.Components.Pages.Budget;

namespace LoopDrive.Web.Tests.Budget;

public sealed class AllocationSplitTests
{
    [Fact]
    public void Moving_a_channel_up_takes_from_the_others_in_proportion_and_keeps_the_total()
    {
        var split = new AllocationSplit([new("email", 5_000), new("sms", 3_000), new("x", 1_000)]);

        split.Move("email", 7_000);

        Assert.Equal(7_000, split["email"]);
        Assert.Equal(1_500, split["sms"]);
        Assert.Equal(500, split["x"]);
        Assert.Equal(9_000, split.Budgets.Values.Sum());
        Assert.True(split.Changed);
    }

    [Fact]
    public void Moving_a_channel_down_gives_to_the_others_and_uneven_cents_still_sum_exactly()
    {
        var split = new AllocationSplit([new("email", 100), new("sms", 1), new("x", 1)]);

        split.Move("email", 99);
        Assert.Equal(102, split.Budgets.Values.Sum());
        split.Move("sms", 0);
        split.Move("x", 0);

        Assert.Equal(102, split["email"]);
        Assert.All(split.Budgets.Values, v => Assert.True(v >= 0));
    }

    [Fact]
    public void A_move_beyond_the_total_is_clamped_and_reset_restores_the_plan()
    {
        var split = new AllocationSplit([new("email", 600), new("sms", 400)]);

        split.Move("sms", 5_000);
        Assert.Equal(1_000, split["sms"]);
        Assert.Equal(0, split["email"]);

        split.Move("email", -20);
        Assert.Equal(0, split["email"]);

        split.Reset();
        Assert.Equal(600, split["email"]);
        Assert.False(split.Changed);
    }

    [Fact]
    public void Channels_holding_nothing_share_a_giveback_equally()
    {
        var split = new AllocationSplit([new("email", 900), new("sms", 0), new("x", 0)]);

        split.Move("email", 300);

        Assert.Equal(300, split["sms"]);
        Assert.Equal(300, split["x"]);
    }
}
