using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>
/// Opening and closing quick trades: pure deciders over the desk's state and a <see cref="DeskMarket"/> snapshot. They
/// reuse the bots' rules (<see cref="PaperExchange.PlanOpen"/>, <see cref="PaperExchange.PlanClose"/>,
/// <see cref="DecisionValidator.CheckExitPlan"/>, <see cref="RiskTriggers"/>): fills, fees, slippage, margin and
/// liquidation are never computed here. Every refusal carries its reason in <see cref="Rejection.Detail"/> (a copy run
/// records it as the skip reason) and, when it is about a field, names that field.
/// </summary>
public static class DeskChanges
{
    private static readonly TimeSpan NoQuoteRetry = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Opens a quick trade at the live price: the order's notional (or quantity × fill price) is planned by
    /// <see cref="PaperExchange.PlanOpen"/> under the arena's rules and the symbol's leverage cap, its stop-loss and
    /// take-profit must be on their side of the fill, and margin + entry fee must fit the wallet's balance.
    /// </summary>
    public static Result<DeskDecision<QuickTradeView>> Open(DeskState s, TradeOrder order, TradeOrigin origin, DeskMarket market, DateTimeOffset now)
    {
        var sizeField = order.SizeField;
        if (!market.Symbols.TryGetValue(order.Symbol, out var info))
            return Invalid("symbol", $"{order.Symbol} is not a tradable symbol; known: {string.Join(", ", market.Symbols.Keys.Order(StringComparer.Ordinal))}.");
        var limit = market.LeverageLimit(order.Symbol);
        if (order.Leverage < 1 || order.Leverage > limit)
            return Invalid("leverage", $"leverage {order.Leverage}x is outside 1-{limit}x, the policy for {order.Symbol}.");
        if (market.PriceOf(order.Symbol) is not { } price) return NoQuote(order.Symbol);
        if (order.Quantity is { } wanted && info.StepSize > 0 && wanted % info.StepSize != 0)
            return Invalid("quantity", $"quantity {Fmt.Num(wanted)} is not a multiple of {order.Symbol}'s step size {Fmt.Num(info.StepSize)}.");

        PlannedOpen? plan;
        DecisionRejection? refused;
        try
        {
            var rules = market.Rules;
            // A quantity is priced at the fill price it will get, so PlanOpen's notional / fill price gives it back exactly.
            var notional = order.Notional ?? order.Quantity!.Value
                * PaperExchange.FillPrice(price, IsolatedMargin.IsBuy(order.Side, opening: true), rules.SlippageRate, info.TickSize);
            (plan, refused) = PaperExchange.PlanOpen(info, price, order.Side, notional, order.Leverage, order.StopLoss, order.TakeProfit, rules);
        }
        catch (OverflowException)
        {
            return Invalid(sizeField, $"{sizeField} is too large to price for {order.Symbol}.");
        }
        if (plan is null)
            return refused!.Code == DecisionRejectionCode.NoQuote ? NoQuote(order.Symbol) : Invalid(sizeField, refused.Reason);

        var entry = plan.Entry.Price;
        if (DecisionValidator.CheckExitPlan(order.Side, entry, plan.LiquidationPrice, plan.Leverage, order.StopLoss, null) is { } badStop)
            return Invalid("stopLoss", badStop.Reason);
        if (DecisionValidator.CheckExitPlan(order.Side, entry, plan.LiquidationPrice, plan.Leverage, null, order.TakeProfit) is { } badTarget)
            return Invalid("takeProfit", badTarget.Reason);
        var cost = -plan.BalanceChange;
        if (cost > s.Wallet.Balance)
            return Rejection.Conflict(
                $"margin {Fmt.Num(plan.Margin)} + entry fee {Fmt.Num(plan.Entry.Fee)} = {Fmt.Num(cost)} USDT exceeds the wallet's balance of {Fmt.Num(s.Wallet.Balance)} USDT.",
                sizeField);

        var trade = new QuickTrade(SequentialUuid.Next(now), plan.Symbol, plan.Side, plan.Entry.Quantity, entry, plan.Leverage, plan.Margin, plan.Entry.Fee,
            plan.StopLoss, plan.TakeProfit, plan.LiquidationPrice, now, origin);
        var wallet = s.Wallet with { Balance = s.Wallet.Balance - cost, FeesPaid = s.Wallet.FeesPaid + plan.Entry.Fee, UpdatedAt = now };
        var view = QuickTradeView.From(trade, price);
        return DeskDecision.Write(view, s with { Wallet = wallet, Open = s.Open.Add(trade) }, async tx =>
        {
            await DeskRows.InsertTradeAsync(tx, s.UserId, trade);
            await DeskEvents.AppendAsync(tx, DeskEvents.TradeOpened(s.UserId, view), now);
        });
    }

    /// <summary>
    /// Closes an open quick trade at the live price (<see cref="PaperExchange.PlanClose"/>: slippage and exit fee, or a
    /// liquidation when the fill would cross the liquidation price). Unknown here means not open in this desk: the grain
    /// tells a closed trade (409) from another user's or no trade (404) before it asks.
    /// </summary>
    public static Result<DeskDecision<QuickTradeView>> Close(DeskState s, Guid tradeId, QuickTradeCloseReason reason, DeskMarket market, DateTimeOffset now)
    {
        if (s.FindOpen(tradeId) is not { } trade) return Rejection.NotFound("You have no open quick trade with this id.");
        if (!market.Symbols.TryGetValue(trade.Symbol, out var info) || market.PriceOf(trade.Symbol) is not { } price) return NoQuote(trade.Symbol);
        var plan = PaperExchange.PlanClose(trade.ToPosition(), price, reason == QuickTradeCloseReason.Liquidation ? CloseReason.Liquidation : CloseReason.Signal, info, market.Rules);
        var (next, closed, rows) = Closing(s, trade, plan, reason, price, now);
        return DeskDecision.Write(closed, next, rows);
    }

    /// <summary>
    /// Closes every open trade whose liquidation, stop-loss or take-profit the live price crossed (<see cref="RiskTriggers.Evaluate"/>).
    /// Decided on the desk's own state, so a check asked twice (two silos, a stale watch) closes nothing the second time.
    /// </summary>
    public static DeskDecision<DeskRiskReport> CheckRisk(DeskState s, DeskMarket market, DateTimeOffset now)
    {
        var next = s;
        var closed = new List<QuickTradeView>();
        var rows = new List<Func<Tx, Task>>();
        foreach (var trade in s.Open)
        {
            if (!market.Symbols.TryGetValue(trade.Symbol, out var info) || market.PriceOf(trade.Symbol) is not { } price) continue;
            if (RiskTriggers.Evaluate(trade.ToPosition(), price, info, market.Rules) is not { } plan) continue;
            var (after, view, write) = Closing(next, trade, plan, ReasonOf(plan.Reason), price, now);
            next = after;
            closed.Add(view);
            rows.Add(write);
        }
        var report = new DeskRiskReport(closed);
        return closed.Count == 0 ? DeskDecision.Reply(report) : DeskDecision.Write(report, next, Sequence(rows));
    }

    /// <summary>
    /// The close of one open trade by a planned close: the wallet gets <see cref="PlannedClose.BalanceChange"/> back, the
    /// net PnL is a <c>pnl_entries</c> row, and the user hears <c>desk.trade_closed</c>. A liquidation planned by
    /// <see cref="PaperExchange.PlanClose"/> for any reason is recorded as a liquidation.
    /// </summary>
    public static (DeskState Next, QuickTradeView Closed, Func<Tx, Task> Rows) Closing(
        DeskState s, QuickTrade trade, PlannedClose plan, QuickTradeCloseReason reason, decimal? markPrice, DateTimeOffset now)
    {
        if (plan.Reason == CloseReason.Liquidation) reason = QuickTradeCloseReason.Liquidation;
        var done = trade with { Exit = new QuickTradeExit(now, plan.Exit.Price, plan.Exit.Fee, plan.RealizedPnl, reason) };
        var wallet = s.Wallet with
        {
            Balance = s.Wallet.Balance + plan.BalanceChange,
            RealizedPnl = s.Wallet.RealizedPnl + plan.RealizedPnl,
            FeesPaid = s.Wallet.FeesPaid + plan.Exit.Fee,
            UpdatedAt = now,
        };
        var view = QuickTradeView.From(done, markPrice);
        var userId = s.UserId;
        return (s with { Wallet = wallet, Open = s.Open.RemoveAll(t => t.Id == trade.Id) }, view, async tx =>
        {
            await DeskRows.CloseTradeAsync(tx, userId, done);
            await DeskRows.InsertPnlAsync(tx, userId, done, now);
            await DeskEvents.AppendAsync(tx, DeskEvents.TradeClosed(userId, view), now);
        });
    }

    public static QuickTradeCloseReason ReasonOf(CloseReason reason) => reason switch
    {
        CloseReason.StopLoss => QuickTradeCloseReason.StopLoss,
        CloseReason.TakeProfit => QuickTradeCloseReason.TakeProfit,
        CloseReason.Liquidation => QuickTradeCloseReason.Liquidation,
        CloseReason.Reset => QuickTradeCloseReason.Reset,
        CloseReason.Import => QuickTradeCloseReason.Import,
        _ => QuickTradeCloseReason.Manual,
    };

    /// <summary>Runs row writers one after the other in one transaction.</summary>
    public static Func<Tx, Task> Sequence(IReadOnlyList<Func<Tx, Task>> rows) => async tx =>
    {
        foreach (var write in rows) await write(tx);
    };

    /// <summary>A 400 naming the field, whose detail is the reason (a copy run's skip reason).</summary>
    public static Rejection Invalid(string field, string reason) =>
        new(RejectionKind.Invalid, "The order is invalid.", reason, new Dictionary<string, string[]> { [field] = [reason] });

    /// <summary>No usable price: 503 with Retry-After (the feed is behind, not the order wrong).</summary>
    public static Rejection NoQuote(string symbol) => Rejection.Busy($"{symbol} has no current price; try again shortly.", NoQuoteRetry);
}
