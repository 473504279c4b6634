using Arena.Grains.Trading;
using static System.FormattableString;

namespace Arena.Grains.Providers.Rules;

/// <summary>One decision of a built-in strategy, written out exactly as an LLM would answer it.</summary>
internal sealed record RuleDecision(
    DecisionAction Action,
    string? Symbol,
    decimal? Size,
    int? Leverage,
    decimal? StopLoss,
    decimal? TakeProfit,
    string Reasoning);

/// <summary>How a strategy enters: the share of the free balance put up as margin and the exit distances.</summary>
internal sealed record EntryStyle(decimal BalanceFraction, decimal StopLossFraction, decimal TakeProfitFraction, int Leverage = RuleSizing.DefaultLeverage);

/// <summary>
/// Position sizing shared by the built-in strategies: margin is a fraction of the balance still free
/// this turn, size is margin times leverage (the notional the engine expects), never below
/// <see cref="TradingRules.MinimumOrder"/>, and margin plus fees must fit in what is free.
/// </summary>
internal static class RuleSizing
{
    public const int DefaultLeverage = 3;

    // Keep a little of the balance free so a fill with slippage is still affordable.
    private const decimal SpendableShare = 0.95m;

    public static int Leverage(TurnContext context, int preferred) => Math.Clamp(preferred, 1, Math.Max(1, context.MaxLeverage));

    /// <summary>The cash an entry of <paramref name="size"/> at <paramref name="leverage"/> ties up: margin plus entry fee.</summary>
    public static decimal Cost(TurnContext context, decimal size, int leverage) =>
        size / leverage + size * (context.Rules.TakerFeeRate + context.Rules.SlippageRate);

    /// <summary>An entry decision, or null (with the reason) when the free balance cannot carry it.</summary>
    public static RuleDecision? Open(TurnContext context, ref decimal free, string symbol, PositionSide side, decimal price,
        EntryStyle style, decimal? target, string why, out string refusal)
    {
        var leverage = Leverage(context, style.Leverage);
        var size = decimal.Round(free * style.BalanceFraction * leverage, 2, MidpointRounding.ToZero);
        if (size < context.Rules.MinimumOrder) size = context.Rules.MinimumOrder;
        var cost = Cost(context, size, leverage);
        if (size <= 0 || cost > free * SpendableShare)
        {
            refusal = Invariant($"{symbol}: {why}, but {Money(free)} USDT free cannot carry the minimum order of {Money(context.Rules.MinimumOrder)} USDT at {leverage}x.");
            return null;
        }
        refusal = "";
        free -= cost;
        var (stopLoss, takeProfit) = Exits(side, price, style, target);
        var verb = side == PositionSide.Long ? "LONG" : "SHORT";
        return new RuleDecision(side == PositionSide.Long ? DecisionAction.Long : DecisionAction.Short, symbol, size, leverage, stopLoss, takeProfit,
            Invariant($"{why}. Going {verb} {Money(size)} USDT notional at {leverage}x (margin {Money(size / leverage)} USDT), stop {Price(stopLoss)}, target {Price(takeProfit)}."));
    }

    /// <summary>
    /// Stop-loss and take-profit on the right sides of the price (LONG: SL &lt; price &lt; TP; SHORT mirrored).
    /// A <paramref name="target"/> replaces the take-profit distance when it lies far enough on the profit side.
    /// </summary>
    public static (decimal StopLoss, decimal TakeProfit) Exits(PositionSide side, decimal price, EntryStyle style, decimal? target)
    {
        const decimal minimumTargetDistance = 0.005m;
        var sign = side == PositionSide.Long ? 1m : -1m;
        var stop = price * (1m - sign * style.StopLossFraction);
        var take = price * (1m + sign * style.TakeProfitFraction);
        if (target is { } t && sign * (t - price) >= price * minimumTargetDistance) take = t;
        return (RoundPrice(stop, price), RoundPrice(take, price));
    }

    /// <summary>Rounds to at least five significant digits for the price's magnitude (the engine rounds to the tick).</summary>
    public static decimal RoundPrice(decimal value, decimal reference) => decimal.Round(value, PriceDecimals(reference), MidpointRounding.AwayFromZero);

    public static string Price(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Money(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%";

    private static int PriceDecimals(decimal price) => Math.Abs(price) switch
    {
        >= 1000m => 2,
        >= 1m => 4,
        >= 0.01m => 6,
        _ => 8,
    };
}
