using LoopDrive.Core.Voice.Guardrails;

namespace LoopDrive.Core.Tests.Sends;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 'a', 1)]
    [InlineData(160, 'a', 1)]
    [InlineData(161, 'a', 2)]
    [InlineData(306, 'a', 2)]
    [InlineData(307, 'a', 3)]
    [InlineData(70, 'é', 1)]      // é is in GSM-7
    [InlineData(70, 'ś', 1)]      // ś is not: UCS-2, 70 per single part
    [InlineData(71, 'ś', 2)]
    [InlineData(134, 'ś', 2)]
    [InlineData(135, 'ś', 3)]
    [InlineData(80, '€', 1)]      // extension characters take two septets: 160 septets
    [InlineData(81, '€', 2)]
    public void Counts_parts_as_carriers_bill_them(int length, char c, int expected) =>
        Assert.Equal(expected, SmsSegmenter.BilledParts(new string(c, length)));

    [Fact]
    public void An_emoji_forces_ucs2_and_counts_two_units()
    {
        var body = new string('a', 69) + "😀"; // 69 + 2 code units = 71 > 70
        Assert.Equal("ucs2", SmsSegmenter.Count(body).Encoding);
        Assert.Equal(2, SmsSegmenter.BilledParts(body));
    }
}
