namespace Arena.Grains.Trading;

/// <summary>
/// Paper fills and their accounting (isolated margin, taker fees, slippage). Pure: it plans fills from a
/// price and turns planned orders into the rows the engine persists; it never looks anything up.
/// </summary>
public static class PaperExchange
{
    /// <summary>
    /// market × (1 + slippage) rounded UP to the tick for a buy, market × (1 − slippage) rounded DOWN for
    /// a sell: slippage and tick rounding always work against the bot, never for it.
    /// </summary>
    public static decimal FillPrice(decimal marketPrice, bool buy, decimal slippageRate, decimal tickSize) => buy
        ? Increments.Up(marketPrice * (1 + slippageRate), tickSize)
        : Increments.Down(marketPrice * (1 - slippageRate), tickSize);

    /// <summary>notional / price rounded DOWN to the step: an order never buys more than it asked for.</summary>
    public static decimal Quantity(decimal notional, decimal fillPrice, decimal stepSize) =>
        Increments.Down(notional / fillPrice, stepSize);

    /// <summary>
    /// Plans the entry of a position of (at most) <paramref name="notional"/> USDT at <paramref name="marketPrice"/>.
    /// Refused when the quantity or the actual notional is under the exchange's minimums. Does not check
    /// the balance or any arena rule: that is <see cref="DecisionValidator"/>'s job.
    /// </summary>
    public static (PlannedOpen? Plan, DecisionRejection? Rejection) PlanOpen(
        SymbolInfo symbol, decimal marketPrice, PositionSide side, decimal notional, int leverage,
        decimal? stopLoss, decimal? takeProfit, TradingRules rules)
    {
        var price = FillPrice(marketPrice, IsolatedMargin.IsBuy(side, opening: true), rules.SlippageRate, symbol.TickSize);
        if (price <= 0)
            return (null, new(DecisionRejectionCode.NoQuote, $"{symbol.Symbol} has no usable price (the fill price rounds to {Fmt.Num(price)})."));
        var quantity = Quantity(notional, price, symbol.StepSize);
        if (quantity <= 0 || quantity < symbol.MinQuantity)
            return (null, new(DecisionRejectionCode.QuantityBelowExchangeMinimum,
                $"size {Fmt.Num(notional)} USDT buys {Fmt.Num(quantity)} {symbol.Symbol} at {Fmt.Num(price)}, under the exchange minimum quantity {Fmt.Num(symbol.MinQuantity)}."));
        var actual = Money.Round(quantity * price);
        if (actual < symbol.MinNotional)
            return (null, new(DecisionRejectionCode.NotionalBelowExchangeMinimum,
                $"the order's notional {Fmt.Num(actual)} USDT is under the exchange minimum notional {Fmt.Num(symbol.MinNotional)} USDT for {symbol.Symbol}."));
        var fill = new Fill(price, quantity, actual, IsolatedMargin.Fee(actual, rules.TakerFeeRate));
        var liquidation = IsolatedMargin.LiquidationPrice(side, price, leverage, rules.MaintenanceMarginRate, symbol.TickSize);
        return (new PlannedOpen(symbol.Symbol, side, leverage, fill, IsolatedMargin.Margin(actual, leverage), liquidation, stopLoss, takeProfit), null);
    }

    /// <summary>
    /// Plans closing the whole position at <paramref name="markPrice"/> (with slippage and the exit fee),
    /// or at its liquidation price for <see cref="CloseReason.Liquidation"/>. A close that would fill at or
    /// beyond the liquidation price, or give back less than nothing, is executed as a liquidation: the
    /// exchange would have liquidated the position first, and an isolated position never costs more than
    /// its margin and its entry fee.
    /// </summary>
    public static PlannedClose PlanClose(OpenPosition position, decimal markPrice, CloseReason reason, SymbolInfo symbol, TradingRules rules)
    {
        if (reason == CloseReason.Liquidation) return Liquidate(position);
        var price = FillPrice(markPrice, IsolatedMargin.IsBuy(position.Side, opening: false), rules.SlippageRate, symbol.TickSize);
        var crossesLiquidation = position.Side == PositionSide.Long
            ? price <= position.LiquidationPrice
            : price >= position.LiquidationPrice;
        if (crossesLiquidation) return Liquidate(position);
        var notional = Money.Round(position.Quantity * price);
        var close = new PlannedClose(position, reason,
            new Fill(price, position.Quantity, notional, IsolatedMargin.Fee(notional, rules.TakerFeeRate)),
            IsolatedMargin.GrossPnl(position.Side, position.EntryPrice, price, position.Quantity));
        return close.BalanceChange < 0 ? Liquidate(position) : close;
    }

    /// <summary>At the liquidation price, no exit fee; the whole margin is lost (the maintenance buffer is forfeited).</summary>
    public static PlannedClose Liquidate(OpenPosition position) =>
        new(position, CloseReason.Liquidation,
            new Fill(position.LiquidationPrice, position.Quantity, Money.Round(position.Quantity * position.LiquidationPrice), 0m),
            -position.Margin);

    /// <summary>
    /// Executes the orders in order. The orders must have been planned against this balance and these
    /// positions (by <see cref="DecisionValidator"/> or <see cref="RiskTriggers"/>): nothing is re-checked.
    /// </summary>
    public static Execution Execute(decimal balance, IEnumerable<PlannedOrder> orders, DateTimeOffset at)
    {
        var delta = AccountDelta.None;
        var executed = new List<ExecutedOrder>();
        foreach (var order in orders)
        {
            delta = delta.Add(order);
            executed.Add(new ExecutedOrder(order, Trade(order, at)));
        }
        return new Execution(balance, balance + delta.Balance, delta, executed);
    }

    public static TradeRecord Trade(PlannedOrder order, DateTimeOffset at) => order switch
    {
        PlannedOpen o => new TradeRecord(o.Symbol, o.Side == PositionSide.Long ? DecisionAction.Long : DecisionAction.Short,
            FillKind.Entry, o.Entry.Price, o.Entry.Quantity, o.Entry.Notional, o.Leverage, o.Entry.Fee, null, null, null, at),
        PlannedClose c => new TradeRecord(c.Symbol, DecisionAction.Close, FillKind.Exit, c.Exit.Price, c.Exit.Quantity,
            c.Exit.Notional, c.Position.Leverage, c.Exit.Fee, c.RealizedPnl, c.Reason, c.Position.Id, at),
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown order kind."),
    };
}
