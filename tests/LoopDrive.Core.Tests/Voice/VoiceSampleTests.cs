using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Compose;

namespace LoopDrive.Core.Tests.Voice;

public sealed class VoiceSampleTests
{
    private static readonly BrandProfile Brand = new(
        "brand_1", "Ledgerly", "friendly", "small businesses", [], [], [], [],
        new Dictionary<string, string> { ["email"] = "Ledgerly Inc., 1 Main St, Springfield." }, ["ledgerly.example"], []);

    [Fact]
    public void Compliance_wording_links_and_quotes_are_not_the_brand_speaking()
    {
        var text = "Hi Maya, month-end should not mean a weekend of chasing invoices. You told us: \"Wants reminders before the busy season\". "
                   + "Pick a slot: https://ledgerly.example/demo\n\nLedgerly Inc., 1 Main St, Springfield.\n" + CopyFinisher.EmailFooter;

        var sample = VoiceSample.Of(text, Brand);

        Assert.Equal("Hi Maya, month-end should not mean a weekend of chasing invoices. You told us: . Pick a slot:", sample);
    }

    [Fact]
    public void Sms_opt_out_and_curly_quotes_are_dropped()
    {
        var sample = VoiceSample.Of("We kept your settings \u201Cjust as you left them\u201D for you. " + CopyFinisher.SmsOptOut, Brand);

        Assert.Equal("We kept your settings for you.", sample);
    }

    [Fact]
    public void A_long_message_is_sampled_from_its_first_words()
    {
        var words = Enumerable.Range(1, 200).Select(i => "word" + i).ToList();

        var sample = VoiceSample.Of(string.Join(' ', words), Brand);

        Assert.Equal(string.Join(' ', words.Take(VoiceSample.MaxWords)), sample);
    }

    [Fact]
    public void A_message_of_nothing_but_quotes_is_compared_as_written()
    {
        const string text = "\"Best purchase we made this year\"";

        Assert.Equal(text, VoiceSample.Of(text, Brand));
    }
}
