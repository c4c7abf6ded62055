namespace LoopDrive.Core.Voice.Snippets;

/// <summary>
/// Picks one snippet per slot by Thompson sampling: draw a win rate from each candidate's Beta
/// posterior and take the highest draw. Proven snippets win most of the time while new ones still
/// get tried. A seeded <see cref="Random"/> makes the choice reproducible.
/// </summary>
public static class ThompsonSelector
{
    public static Snippet? Pick(IReadOnlyList<Snippet> candidates, Random random)
    {
        Snippet? best = null;
        var bestDraw = double.NegativeInfinity;
        // Order fixed by id so one seed always sees the candidates in the same order.
        foreach (var snippet in candidates.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var draw = BetaPosterior.For(snippet.Impressions, snippet.Conversions).Sample(random);
            if (draw > bestDraw)
            {
                bestDraw = draw;
                best = snippet;
            }
        }
        return best;
    }
}
