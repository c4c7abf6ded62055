namespace LoopDrive.Api.Idempotency;

/// <summary>
/// Key-less de-duplication for routes that read before they write (<see cref="KeylessDedupeMetadata.ClaimsBeforeWriting"/>).
/// The filter runs the handler once without a claim; a handler about to write, or whose answer may
/// differ from what an identical request inside the window was told, returns <see cref="ClaimFirst"/>
/// instead. The filter then takes the claim (replaying or waiting as for any ⟳ route) and runs the
/// handler again. An answer given without a claim leaves no record and costs no Redis round trip.
/// </summary>
internal static class KeylessClaims
{
    /// <summary>
    /// How far back a write can have produced a record that a repeat must be replayed from: the
    /// 60 s a key-less record lives, plus a margin for clock skew between API replicas.
    /// </summary>
    public static readonly TimeSpan RecordWindow = TimeSpan.FromSeconds(65);

    /// <summary>Present while the handler runs before the claim.</summary>
    private sealed class Unclaimed
    {
        public static readonly Unclaimed Instance = new();
    }

    /// <summary>Returned by a handler that must not answer or write before the claim is taken.</summary>
    public sealed class ClaimFirst : IResult
    {
        public static readonly ClaimFirst Instance = new();

        private ClaimFirst()
        {
        }

        public Task ExecuteAsync(HttpContext httpContext) =>
            throw new InvalidOperationException("Only the idempotency filter may receive ClaimFirst; the route lacks WithKeylessDedupeClaimedBeforeWriting.");
    }

    /// <summary>True while the handler runs without a claim: it must return <see cref="ClaimFirst"/> before any write.</summary>
    public static bool MustClaimBeforeWriting(HttpContext http) => http.Features.Get<Unclaimed>() is not null;

    /// <summary>
    /// True when an answer last changed at <paramref name="lastChangedAt"/> may be given without a
    /// claim: no write inside the record window produced it, so an identical request inside the
    /// window was given this same answer.
    /// </summary>
    public static bool MayAnswerUnclaimed(HttpContext http, DateTimeOffset lastChangedAt, DateTimeOffset now) =>
        !MustClaimBeforeWriting(http) || now - lastChangedAt > RecordWindow;

    /// <summary>A handler's answer asks for the claim, returned as it is or inside a typed <c>Results&lt;…&gt;</c> union.</summary>
    internal static bool AsksForClaim(object? answer) =>
        answer is ClaimFirst or INestedHttpResult { Result: ClaimFirst };

    internal static async ValueTask<object?> RunUnclaimedAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var features = invocation.HttpContext.Features;
        features.Set(Unclaimed.Instance);
        try
        {
            return await next(invocation);
        }
        finally
        {
            features.Set<Unclaimed>(null);
        }
    }
}
