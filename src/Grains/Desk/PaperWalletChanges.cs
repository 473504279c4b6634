using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>Resetting the paper wallet.</summary>
public static class PaperWalletChanges
{
    /// <summary>
    /// Closes every open trade at the live price with reason <c>reset</c> (a symbol without a quote closes at its entry
    /// price: no price is no evidence of a move), records their PnL like any close, then restores the balance to
    /// <paramref name="startingBalance"/> (the setting's value now, which becomes the wallet's starting balance), zeroes
    /// the realized PnL and fees counted since the last reset, and counts the reset.
    /// </summary>
    public static DeskDecision<WalletReset> Reset(DeskState s, decimal startingBalance, DeskMarket market, DateTimeOffset now)
    {
        var next = s;
        var closed = new List<QuickTradeView>();
        var rows = new List<Func<Tx, Task>>();
        foreach (var trade in s.Open)
        {
            var mark = market.PriceOf(trade.Symbol) ?? trade.EntryPrice;
            var info = market.Symbols.TryGetValue(trade.Symbol, out var known) ? known : Unpriced(trade.Symbol);
            var plan = PaperExchange.PlanClose(trade.ToPosition(), mark, CloseReason.Reset, info, market.Rules);
            var (after, view, write) = DeskChanges.Closing(next, trade, plan, QuickTradeCloseReason.Reset, mark, now);
            next = after;
            closed.Add(view);
            rows.Add(write);
        }
        next = next with
        {
            Wallet = next.Wallet with
            {
                StartingBalance = startingBalance,
                Balance = startingBalance,
                RealizedPnl = 0m,
                FeesPaid = 0m,
                ResetCount = s.Wallet.ResetCount + 1,
                ResetAt = now,
                UpdatedAt = now,
            },
        };
        var reset = new WalletReset(WalletView.From(next, market.Quotes), closed);
        var userId = s.UserId;
        rows.Add(tx => DeskEvents.AppendAsync(tx, DeskEvents.WalletWasReset(userId, reset), now));
        return DeskDecision.Write(reset, next, DeskChanges.Sequence(rows));
    }

    // A delisted symbol: no increments to round to.
    private static SymbolInfo Unpriced(string symbol) => new(symbol, symbol, "USDT", 8, 8, 0m, 0m, 0m, 0m);
}
