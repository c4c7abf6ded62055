using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Guardrails;

namespace LoopDrive.Core.Tests.Voice;

public sealed class CopyFinisherTests
{
    private static CopyDecisions Sms(string? offer = null) => new("sms", "https://northwind.example", offer, IncludeEmoji: false, MaxChars: 160, Marketing: true, FirstMessage: true, Disclaimer: null);

    [Fact]
    public void Links_offers_and_contact_details_the_writer_invented_are_dropped_with_their_sentence()
    {
        var written = new ComposedMessage(null,
            "Hi Ana, fresh bread is ready. Get 90% off with code FREE90. Visit https://evil.example/win now. Mail me at x@evil.example. Order here: [LINK]");

        var finished = CopyFinisher.Finish(written, Sms());

        Assert.DoesNotContain("90%", finished.Body);
        Assert.DoesNotContain("evil", finished.Body);
        Assert.Contains("Order here: https://northwind.example", finished.Body);
        Assert.EndsWith(CopyFinisher.SmsOptOut, finished.Body);
    }

    [Fact]
    public void The_offer_placeholder_becomes_the_decided_offer_or_disappears()
    {
        var written = new ComposedMessage(null, "Hi Ana. [OFFER] is yours. Order: [LINK]");

        Assert.Contains("10% off your next order is yours.", CopyFinisher.Finish(written, Sms("10% off your next order")).Body);
        Assert.DoesNotContain("[OFFER]", CopyFinisher.Finish(written, Sms()).Body);
        Assert.DoesNotContain("is yours", CopyFinisher.Finish(written, Sms()).Body);
    }

    [Fact]
    public void The_body_is_cut_to_fit_one_segment_with_the_opt_out_and_emoji_are_removed()
    {
        var written = new ComposedMessage(null, "Hi Ana 🍞, fresh bread is ready. " + string.Join(" ", Enumerable.Repeat("We bake every morning.", 10)) + " Order: [LINK]");

        var finished = CopyFinisher.Finish(written, Sms());
        var segments = SmsSegmenter.Count(finished.Body);

        Assert.Equal(1, segments.Segments);
        Assert.Equal("gsm7", segments.Encoding);
        Assert.Contains("https://northwind.example", finished.Body);
        Assert.Contains(CopyFinisher.SmsOptOut, finished.Body);
    }

    [Fact]
    public void Marketing_email_gets_the_unsubscribe_footer_and_keeps_subject_and_ps()
    {
        var decisions = new CopyDecisions("email", "https://northwind.example", null, false, 2_000, true, true, null);
        var finished = CopyFinisher.Finish(new ComposedMessage("Fresh for you", "Hi Ana,\n\nBread is ready. Order: [LINK]", "Order", "P.S. See you soon."), decisions);

        Assert.Equal("Fresh for you", finished.Subject);
        Assert.Contains(WordLists.UnsubscribePlaceholder, finished.Body);
        Assert.StartsWith("Hi Ana,\n\nBread is ready.", finished.Body);
        Assert.Equal("P.S. See you soon.", finished.Ps);
    }
}
