namespace Arena.Grains.Metrics;

/// <summary>
/// Equity as a step function: between observations the equity is the last one observed (last
/// observation carried forward). Every function takes points in time order.
/// </summary>
public static class EquityCurve
{
    /// <summary>The last observation at or before <paramref name="at"/>; null before the first one.</summary>
    public static decimal? ValueAt(IReadOnlyList<EquityPoint> points, DateTimeOffset at)
    {
        int lo = 0, hi = points.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (points[mid].At <= at) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? null : points[found].Equity;
    }

    /// <summary>
    /// The curve over <paramref name="window"/>: a start point at max(From, first observation) worth the last
    /// observation at or before it, every observation strictly inside, and an end point at To worth the last
    /// observation at or before To. Empty when the window ends before the first observation.
    /// </summary>
    public static IReadOnlyList<EquityPoint> Slice(IReadOnlyList<EquityPoint> observations, TimeWindow window)
    {
        if (observations.Count == 0 || window.To < observations[0].At)
        {
            return [];
        }
        var startAt = window.From > observations[0].At ? window.From : observations[0].At;
        if (startAt > window.To)
        {
            return [];
        }
        var curve = new List<EquityPoint> { new(startAt, ValueAt(observations, startAt)!.Value) };
        curve.AddRange(observations.Where(p => p.At > startAt && p.At < window.To));
        if (window.To > startAt)
        {
            curve.Add(new EquityPoint(window.To, ValueAt(observations, window.To)!.Value));
        }
        return curve;
    }

    /// <summary>
    /// Daily simple returns. The close of a UTC day is the equity at the following midnight (an observation
    /// stamped exactly 00:00:00 closes the day before); the first day's return is measured from the start point
    /// and the last day's close is the end point, so Π(1 + r) = E_end / E_start. Days without observations carry
    /// the last close forward (a zero return). Null when a day starts at a non-positive equity (undefined return).
    /// </summary>
    public static IReadOnlyList<decimal>? DailyReturns(IReadOnlyList<EquityPoint> curve)
    {
        if (curve.Count < 2)
        {
            return [];
        }
        var closes = new List<decimal> { curve[0].Equity };
        var end = curve[^1].At;
        var next = 0;
        for (var midnight = NextUtcMidnight(curve[0].At); midnight < end; midnight = midnight.AddDays(1))
        {
            while (next + 1 < curve.Count && curve[next + 1].At <= midnight) next++;
            closes.Add(curve[next].Equity);
        }
        closes.Add(curve[^1].Equity);

        var returns = new List<decimal>(closes.Count - 1);
        for (var i = 1; i < closes.Count; i++)
        {
            if (closes[i - 1] <= 0)
            {
                return null;
            }
            returns.Add(closes[i] / closes[i - 1] - 1m);
        }
        return returns;
    }

    private static DateTimeOffset NextUtcMidnight(DateTimeOffset at) =>
        new(at.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
}
