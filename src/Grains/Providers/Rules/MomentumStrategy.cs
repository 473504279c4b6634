using Arena.Grains.Trading;
using static System.FormattableString;

namespace Arena.Grains.Providers.Rules;

/// <summary>
/// Trend following: the fast moving average of recent closes against the slow one. Fast above slow by at
/// least <see cref="EntryThreshold"/> is an uptrend (LONG), below is a downtrend (SHORT); a position whose
/// trend has turned (the spread changed sign) is closed.
/// </summary>
internal static class MomentumStrategy
{
    public const string Name = "momentum";
    public const int SlowWindow = 20;
    public const int MinimumCloses = 8;
    public const decimal EntryThreshold = 0.001m;

    // 10 % of the free balance as margin, stop 2 % away, target 4 % (2:1 reward to risk).
    private static readonly EntryStyle Style = new(0.10m, 0.02m, 0.04m);

    public static IReadOnlyList<RuleDecision> Decide(TurnContext context) => SignalPlanner.Plan(context, Read, Style);

    private static SymbolSignal? Read(string symbol, IReadOnlyList<decimal> closes, Quote quote)
    {
        if (closes.Count < MinimumCloses) return null;
        var slow = Math.Min(SlowWindow, closes.Count);
        var fast = Math.Max(3, slow / 4);
        var fastAverage = Indicators.Mean(closes, fast);
        var slowAverage = Indicators.Mean(closes, slow);
        if (slowAverage <= 0) return null;
        var spread = (fastAverage - slowAverage) / slowAverage;
        PositionSide? enter = spread >= EntryThreshold ? PositionSide.Long : spread <= -EntryThreshold ? PositionSide.Short : null;
        var trend = enter switch { PositionSide.Long => "uptrend", PositionSide.Short => "downtrend", _ => "no clear trend" };
        var why = Invariant($"momentum on {symbol}: fast MA({fast}) {RuleSizing.Price(RuleSizing.RoundPrice(fastAverage, quote.Price))} vs slow MA({slow}) {RuleSizing.Price(RuleSizing.RoundPrice(slowAverage, quote.Price))}, spread {RuleSizing.Percent(spread)} ({trend})");
        return new SymbolSignal(symbol, enter, CloseLong: spread < 0, CloseShort: spread > 0, Strength: Math.Abs(spread), Why: why);
    }
}
