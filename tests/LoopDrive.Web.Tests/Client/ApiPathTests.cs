using LoopDrive.Client.Http;

namespace LoopDrive.Web.Tests.Client;

public sealed class ApiPathTests
{
    [Fact]
    public void Query_strings_follow_the_contract_encoding()
    {
        string path = ApiPath.Root("/api/person").Segment("per_1").Segment("memory")
            .Query("kinds", ["fact", "intent"])
            .Query("limit", 20L)
            .Query("minConfidence", 0.5)
            .Query("includeMemory", true)
            .Query("dateFrom", new DateTimeOffset(2025, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(2)))
            .Query("query", (string?)null)
            .Query("q", "a&b c");

        Assert.Equal(
            "api/person/per_1/memory?kinds=fact&kinds=intent&limit=20&minConfidence=0.5&includeMemory=true&dateFrom=2025-01-02T01%3A04%3A05.006Z&q=a%26b%20c",
            path);
    }

    [Fact]
    public void A_segment_after_the_query_is_refused()
    {
        var path = ApiPath.Root("api/events").Query("limit", 1L);

        Assert.Throws<InvalidOperationException>(() => path.Segment("stats"));
    }
}
