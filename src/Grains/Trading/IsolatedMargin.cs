namespace Arena.Grains.Trading;

/// <summary>
/// Isolated-margin arithmetic of one position: margin, liquidation price, PnL and equity. Pure; money
/// results are rounded with <see cref="Money.Round"/>, prices to the symbol's tick size.
/// </summary>
public static class IsolatedMargin
{
    /// <summary>The margin locked by a position of this notional: notional / leverage.</summary>
    public static decimal Margin(decimal notional, int leverage) => Money.Round(notional / leverage);

    /// <summary>The taker fee on a fill of this notional.</summary>
    public static decimal Fee(decimal notional, decimal takerFeeRate) => Money.Round(notional * takerFeeRate);

    /// <summary>
    /// LONG: entry × (1 − 1/leverage + mmr), rounded UP to the tick; SHORT: entry × (1 + 1/leverage − mmr),
    /// rounded DOWN. Both roundings move the price towards the entry, so the position is liquidated no
    /// later than the exact formula says (conservative). Computed as one division by the leverage so an
    /// exact result stays exact (1/3 written as a decimal would push 40240 up a whole tick).
    /// </summary>
    public static decimal LiquidationPrice(PositionSide side, decimal entryPrice, int leverage, decimal maintenanceMarginRate, decimal tickSize)
    {
        var mmrTimesLeverage = maintenanceMarginRate * leverage;
        return side == PositionSide.Long
            ? Increments.Up(entryPrice * (leverage - 1 + mmrTimesLeverage) / leverage, tickSize)
            : Increments.Down(entryPrice * (leverage + 1 - mmrTimesLeverage) / leverage, tickSize);
    }

    /// <summary>(exit − entry) × quantity for LONG, (entry − exit) × quantity for SHORT; no fees.</summary>
    public static decimal GrossPnl(PositionSide side, decimal entryPrice, decimal exitPrice, decimal quantity) =>
        Money.Round((side == PositionSide.Long ? exitPrice - entryPrice : entryPrice - exitPrice) * quantity);

    /// <summary>
    /// The position's PnL at a mark price (no fees, no slippage), floored at −margin: an isolated
    /// position can never lose more than its margin, so it never counts below zero in equity.
    /// </summary>
    public static decimal UnrealizedPnl(OpenPosition position, decimal markPrice) =>
        Math.Max(-position.Margin, GrossPnl(position.Side, position.EntryPrice, markPrice, position.Quantity));

    /// <summary>
    /// balance + Σ (margin + unrealized PnL) over the open positions. A position whose symbol has no
    /// quote counts at its entry price (unrealized 0): no price is no evidence of a move.
    /// </summary>
    public static decimal Equity(decimal balance, IEnumerable<OpenPosition> positions, IReadOnlyDictionary<string, Quote> quotes)
    {
        var equity = balance;
        foreach (var p in positions)
            equity += p.Margin + (quotes.TryGetValue(p.Symbol, out var q) && q.Price > 0 ? UnrealizedPnl(p, q.Price) : 0m);
        return equity;
    }

    /// <summary>Opening a LONG or closing a SHORT buys; opening a SHORT or closing a LONG sells.</summary>
    public static bool IsBuy(PositionSide side, bool opening) => (side == PositionSide.Long) == opening;
}
