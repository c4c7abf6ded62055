using LoopDrive.Core.Common;
using Microsoft.Extensions.Time.Testing;

namespace LoopDrive.Core.Tests.Common;

public sealed class IdsTests
{
    [Fact]
    public void An_id_is_its_prefix_an_underscore_and_26_lower_case_base32_characters()
    {
        var id = Ids.New("per");

        Assert.Matches("^per_[0-9a-hjkmnp-tv-z]{26}$", id);
        Assert.True(Ids.HasPrefix(id, "per"));
        Assert.False(Ids.HasPrefix(id, "pe"));
        Assert.False(Ids.HasPrefix("per_short", "per"));
    }

    [Fact]
    public void Ids_made_later_sort_after_ids_made_earlier()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(Ids.New("evt", clock));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_do_not_collide()
    {
        var clock = new FakeTimeProvider();
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.New("msg", clock)).ToHashSet();

        Assert.Equal(10_000, ids.Count);
    }
}
