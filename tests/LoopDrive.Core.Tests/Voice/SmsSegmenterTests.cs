using LoopDrive.Core.Voice.Guardrails;

namespace LoopDrive.Core.Tests.Voice;

public sealed class SmsSegmenterTests
{
    [Theory]
    [InlineData(0, "gsm7", 0)]
    [InlineData(160, "gsm7", 1)]
    [InlineData(161, "gsm7", 2)]
    [InlineData(306, "gsm7", 2)]
    [InlineData(307, "gsm7", 3)]
    public void Gsm7_fits_160_in_one_segment_and_153_per_part_after(int length, string encoding, int segments)
    {
        var result = SmsSegmenter.Count(new string('a', length));

        Assert.Equal((encoding, segments, length), (result.Encoding, result.Segments, result.Characters));
    }

    [Fact]
    public void Extension_characters_cost_two_septets()
    {
        var result = SmsSegmenter.Count(new string('a', 158) + "€");

        Assert.Equal(("gsm7", 160, 1), (result.Encoding, result.Characters, result.Segments));
        Assert.Equal(2, SmsSegmenter.Count(new string('a', 159) + "€").Segments);
    }

    [Fact]
    public void One_emoji_switches_to_ucs2_and_more_than_halves_the_budget()
    {
        var plain = SmsSegmenter.Count(new string('a', 100));
        var withEmoji = SmsSegmenter.Count(new string('a', 98) + "😀");

        Assert.Equal(("gsm7", 1), (plain.Encoding, plain.Segments));
        Assert.Equal(("ucs2", 100, 2, 67), (withEmoji.Encoding, withEmoji.Characters, withEmoji.Segments, withEmoji.PerSegment));
        Assert.Equal(1, SmsSegmenter.Count(new string('a', 68) + "😀").Segments);
    }
}
