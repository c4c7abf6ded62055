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

    [Fact]
    public void The_first_ten_characters_of_the_tail_are_the_milliseconds_of_its_creation()
    {
        var at = DateTimeOffset.Parse("2026-11-27T15:04:05.678Z", System.Globalization.CultureInfo.InvariantCulture);
        const string alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

        // Across several refills of the random buffer the time part stays exact.
        foreach (var id in Enumerable.Range(0, 1_000).Select(_ => Ids.New("snd", new FakeTimeProvider(at))))
        {
            var ms = id[4..14].Aggregate(0L, (value, c) => (value << 5) | (long)alphabet.IndexOf(c, StringComparison.Ordinal));
            Assert.Equal(at.ToUnixTimeMilliseconds(), ms);
        }
    }
}
