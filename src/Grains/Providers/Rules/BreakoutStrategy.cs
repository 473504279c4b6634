using Arena.Grains.Trading;
using static System.FormattableString;

namespace Arena.Grains.Providers.Rules;

/// <summary>
/// Range breakout (a Donchian channel): the highest and lowest of the recent closes before the latest one
/// form the range. A latest close above the range is a breakout up (LONG), below it a breakdown (SHORT);
/// a position is closed when price falls back through the middle of the range.
/// </summary>
internal static class BreakoutStrategy
{
    public const string Name = "breakout";
    public const int Window = 20;
    public const int MinimumCloses = 10;

    // 8 % of the free balance as margin, stop 1.5 % away, target 4.5 % (3:1 reward to risk).
    private static readonly EntryStyle Style = new(0.08m, 0.015m, 0.045m);

    public static IReadOnlyList<RuleDecision> Decide(TurnContext context) => SignalPlanner.Plan(context, Read, Style);

    private static SymbolSignal? Read(string symbol, IReadOnlyList<decimal> closes, Quote quote)
    {
        if (closes.Count < MinimumCloses) return null;
        var count = Math.Min(Window, closes.Count - 1);
        var high = decimal.MinValue;
        var low = decimal.MaxValue;
        for (var i = closes.Count - 1 - count; i < closes.Count - 1; i++)
        {
            high = Math.Max(high, closes[i]);
            low = Math.Min(low, closes[i]);
        }
        if (low <= 0 || high <= low) return null;
        var price = quote.Price;
        var middle = (high + low) / 2m;
        PositionSide? enter = price > high ? PositionSide.Long : price < low ? PositionSide.Short : null;
        var strength = enter switch { PositionSide.Long => (price - high) / high, PositionSide.Short => (low - price) / low, _ => 0m };
        var state = enter switch { PositionSide.Long => "breakout above the range", PositionSide.Short => "breakdown below the range", _ => "inside the range" };
        var why = Invariant($"breakout on {symbol}: price {RuleSizing.Price(price)} vs {count}-close range {RuleSizing.Price(RuleSizing.RoundPrice(low, price))}–{RuleSizing.Price(RuleSizing.RoundPrice(high, price))} ({state})");
        return new SymbolSignal(symbol, enter, CloseLong: price < middle, CloseShort: price > middle, Strength: strength, Why: why);
    }
}
