namespace Arena.Grains.Metrics;

/// <summary>
/// The leaderboard's and the prompt-version page's figures, composed from the pure pieces
/// (<see cref="EquityCurve"/>, <see cref="ReturnRatios"/>, <see cref="TradeStatistics"/>). No I/O: the caller loads
/// the rows, these functions only compute. Definitions and worked examples: docs/metrics.md.
/// </summary>
public static class Performance
{
    /// <summary>
    /// A bot over <paramref name="window"/> clipped to the bot's start (history before a reset does not count):
    /// its equity figures, the buy-and-hold reference on the same timestamps when <paramref name="referencePrices"/>
    /// are given, and the statistics of positions closed in the window with the fees of fills executed in it
    /// (both ends inclusive).
    /// </summary>
    public static BotPerformance Measure(BotHistory history, TimeWindow window, IReadOnlyList<PricePoint>? referencePrices = null)
    {
        var clipped = window with { From = Later(window.From, history.StartedAt) };
        var curve = EquityCurve.Slice(history.Observations(), clipped);
        var equity = curve.Count == 0 ? null : Summarize(curve);
        var reference = referencePrices is null || curve.Count == 0 ? null : BuyAndHold(curve, referencePrices);
        var trades = TradeStatistics.Compute(
            history.Positions.Where(p => clipped.Contains(p.ClosedAt)),
            history.Fills.Where(f => clipped.Contains(f.At)));
        return new BotPerformance(history.BotId, clipped, equity, reference, trades);
    }

    /// <summary>The equity figures of a non-empty curve (its first point is the start, its last the end).</summary>
    public static EquityMetrics Summarize(IReadOnlyList<EquityPoint> curve)
    {
        ArgumentOutOfRangeException.ThrowIfZero(curve.Count);
        var (start, end) = (curve[0], curve[^1]);
        var daily = EquityCurve.DailyReturns(curve);
        var drawdown = ReturnRatios.MaxDrawdown(curve);
        var annualized = ReturnRatios.AnnualizedReturn(start, end);
        return new EquityMetrics(
            Start: start,
            End: end,
            Pnl: end.Equity - start.Equity,
            Return: start.Equity > 0 ? MetricRounding.Fraction(end.Equity / start.Equity - 1m) : null,
            MaxDrawdown: drawdown with { Fraction = MetricRounding.Fraction(drawdown.Fraction) },
            DailyReturns: daily?.Count ?? 0,
            Sharpe: MetricRounding.Ratio(ReturnRatios.Sharpe(daily)),
            Sortino: MetricRounding.Ratio(ReturnRatios.Sortino(daily)),
            AnnualizedReturn: MetricRounding.Fraction(annualized),
            Calmar: MetricRounding.Ratio(ReturnRatios.Calmar(annualized, drawdown.Fraction)));
    }

    /// <summary>
    /// The curve's starting equity put into the reference asset at its price at the curve's start (the last price
    /// at or before it) and held without fees, valued at the curve's own timestamps. Null when no price is known
    /// at the start. Any curve works: pass a bot's to compare, or a flat one to draw a reference row.
    /// </summary>
    public static EquityMetrics? BuyAndHold(IReadOnlyList<EquityPoint> curve, IReadOnlyList<PricePoint> prices)
    {
        if (curve.Count == 0)
        {
            return null;
        }
        var path = prices.OrderBy(p => p.At).Select(p => new EquityPoint(p.At, p.Price)).ToList();
        if (EquityCurve.ValueAt(path, curve[0].At) is not { } entry || entry <= 0)
        {
            return null;
        }
        var units = curve[0].Equity / entry;
        var held = curve
            .Select(p => new EquityPoint(p.At, MetricRounding.Money(units * EquityCurve.ValueAt(path, p.At)!.Value)))
            .ToList();
        held[0] = curve[0];
        return Summarize(held);
    }

    /// <summary>
    /// Each prompt version over its active window: from its creation until the next version's creation (the
    /// latest until the live point), clipped to the bot's history. Equity figures cover the window; trade
    /// statistics cover the closed positions opened under the version, whenever they closed; fees cover the fills
    /// executed in the window (an instant shared by two windows belongs to the later version).
    /// </summary>
    public static IReadOnlyList<VersionPerformance> ByPromptVersion(BotHistory history, IReadOnlyList<PromptVersionStart> versions)
    {
        var ordered = versions.OrderBy(v => v.CreatedAt).ThenBy(v => v.Version).ToList();
        var observations = history.Observations();
        var historyEnd = history.Live.At;
        var result = new List<VersionPerformance>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var version = ordered[i];
            var activeUntil = i + 1 < ordered.Count ? ordered[i + 1].CreatedAt : historyEnd;
            var from = Later(version.CreatedAt, history.StartedAt);
            var to = Later(from, activeUntil < historyEnd ? activeUntil : historyEnd);
            var endsWithHistory = to == historyEnd;
            var fills = history.Fills.Where(f => f.At >= from && (f.At < to || (endsWithHistory && f.At == to)));
            result.Add(new VersionPerformance(
                version.Version,
                new TimeWindow(from, to),
                to > from ? Summarize(EquityCurve.Slice(observations, new TimeWindow(from, to))) : null,
                TradeStatistics.Compute(history.Positions.Where(p => p.PromptVersion == version.Version), fills)));
        }
        return result;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
