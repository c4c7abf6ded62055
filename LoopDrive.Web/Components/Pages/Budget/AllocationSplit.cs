namespace LoopDrive.Web.Components.Pages.Budget;

/// <summary>
/// The per-channel split a user adjusts before approving. Moving one channel's budget takes the
/// difference from (or gives it to) the other channels in proportion to what they hold, so the
/// total never changes and no channel goes below zero.
/// </summary>
public sealed class AllocationSplit
{
    private readonly Dictionary<string, long> _original;
    private readonly Dictionary<string, long> _budgets;

    public AllocationSplit(IEnumerable<KeyValuePair<string, long>> budgets)
    {
        _budgets = budgets.ToDictionary(b => b.Key, b => Math.Max(0, b.Value), StringComparer.Ordinal);
        _original = new Dictionary<string, long>(_budgets, StringComparer.Ordinal);
        Total = _budgets.Values.Sum();
    }

    public long Total { get; }

    public IReadOnlyList<string> Channels => [.. _budgets.Keys];

    public IReadOnlyDictionary<string, long> Budgets => _budgets;

    public bool Changed => _budgets.Any(b => _original[b.Key] != b.Value);

    public long this[string channel] => _budgets[channel];

    public double Share(string channel) => Total == 0 ? 0 : (double)_budgets[channel] / Total;

    /// <summary>Sets <paramref name="channel"/> to <paramref name="budget"/> (clamped to 0–total) and rebalances the others.</summary>
    public void Move(string channel, long budget)
    {
        if (!_budgets.TryGetValue(channel, out var current))
        {
            throw new ArgumentException($"No channel {channel} in this split.", nameof(channel));
        }

        var others = _budgets.Keys.Where(c => c != channel).ToList();
        if (others.Count == 0)
        {
            return;
        }

        var target = Math.Clamp(budget, 0, Total);
        var delta = target - current;
        if (delta == 0)
        {
            return;
        }

        // Taking: the others give in proportion to what they hold. Giving: they receive in
        // proportion to what they hold, or equally when they hold nothing.
        var weights = others.Select(c => (double)_budgets[c]).ToArray();
        if (weights.Sum() == 0)
        {
            Array.Fill(weights, 1);
        }

        var shares = Apportion(-delta, weights);
        for (var i = 0; i < others.Count; i++)
        {
            _budgets[others[i]] += shares[i];
        }

        _budgets[channel] = target;
    }

    public void Reset()
    {
        foreach (var (channel, budget) in _original)
        {
            _budgets[channel] = budget;
        }
    }

    /// <summary>Splits <paramref name="amount"/> by weight in whole cents (largest remainder), so the parts sum exactly.</summary>
    private static long[] Apportion(long amount, double[] weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => amount * (w / sum)).ToArray();
        var parts = exact.Select(e => (long)Math.Truncate(e)).ToArray();
        var left = amount - parts.Sum();
        var step = Math.Sign(left);
        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => Math.Abs(exact[i] - parts[i])).Take((int)Math.Abs(left)))
        {
            parts[i] += step;
        }

        return parts;
    }
}
