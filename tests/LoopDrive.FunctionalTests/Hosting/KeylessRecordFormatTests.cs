extern alias api;

using System.Text;
using api::LoopDrive.Api.Idempotency;

namespace LoopDrive.FunctionalTests.Hosting;

/// <summary>A key-less record must give back exactly the response it kept, and read the older JSON records still in Redis after an upgrade.</summary>
public sealed class KeylessRecordFormatTests
{
    [Fact]
    public void A_record_gives_back_status_headers_and_body_byte_for_byte()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"email.opened","note":"é ✓"}""");
        var kept = new IdempotencyStore.StoredResponse(202, "application/json; charset=utf-8", body, "/api/events/evt_1");

        var read = KeylessDedupeStore.Decode(KeylessDedupeStore.Encode(kept));

        Assert.Equal(202, read.StatusCode);
        Assert.Equal("application/json; charset=utf-8", read.ContentType);
        Assert.Equal("/api/events/evt_1", read.Location);
        Assert.Equal(body, read.Body);
    }

    [Fact]
    public void Absent_headers_and_an_empty_body_stay_absent_and_empty()
    {
        var read = KeylessDedupeStore.Decode(KeylessDedupeStore.Encode(new IdempotencyStore.StoredResponse(204, null, [], null)));

        Assert.Equal(204, read.StatusCode);
        Assert.Null(read.ContentType);
        Assert.Null(read.Location);
        Assert.Empty(read.Body);
    }

    [Fact]
    public void A_record_in_the_earlier_json_form_is_still_replayed()
    {
        var json = Encoding.UTF8.GetBytes("""{"S":201,"T":"application/json","L":"/api/persons/per_1","B":"eyJpZCI6MX0="}""");

        var read = KeylessDedupeStore.Decode(json);

        Assert.Equal(201, read.StatusCode);
        Assert.Equal("application/json", read.ContentType);
        Assert.Equal("/api/persons/per_1", read.Location);
        Assert.Equal("""{"id":1}""", Encoding.UTF8.GetString(read.Body));
    }
}
