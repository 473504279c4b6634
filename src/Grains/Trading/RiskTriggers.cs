namespace Arena.Grains.Trading;

/// <summary>
/// Whether an open position must close at a mark price, and why. Checked in this order, so a price
/// that crossed several levels closes for the most severe one: liquidation, then stop-loss, then
/// take-profit. A non-positive mark is a broken feed, not a crash to zero: it triggers nothing.
/// </summary>
public static class RiskTriggers
{
    public static CloseReason? Check(OpenPosition position, decimal markPrice)
    {
        if (markPrice <= 0) return null;
        var isLong = position.Side == PositionSide.Long;
        if (isLong ? markPrice <= position.LiquidationPrice : markPrice >= position.LiquidationPrice)
            return CloseReason.Liquidation;
        if (position.StopLoss is { } stop && (isLong ? markPrice <= stop : markPrice >= stop))
            return CloseReason.StopLoss;
        if (position.TakeProfit is { } target && (isLong ? markPrice >= target : markPrice <= target))
            return CloseReason.TakeProfit;
        return null;
    }

    /// <summary>
    /// The close a triggered position must make: stop-loss and take-profit fill at the mark price with
    /// slippage (a stop-market order: a price that gapped past the stop fills at the gap, not at the stop),
    /// a liquidation at the liquidation price. Null when nothing triggers.
    /// </summary>
    public static PlannedClose? Evaluate(OpenPosition position, decimal markPrice, SymbolInfo symbol, TradingRules rules) =>
        Check(position, markPrice) is { } reason ? PaperExchange.PlanClose(position, markPrice, reason, symbol, rules) : null;
}
