using Arena.Grains.Trading;
using static Arena.Tests.Trading.TradingFixtures;

namespace Arena.Tests.Trading;

public sealed class PaperExchangeTests
{
    [Fact]
    public void Closing_a_winning_long_returns_margin_plus_gross_pnl_minus_the_exit_fee()
    {
        var close = PaperExchange.PlanClose(BtcLong(), 62000m, CloseReason.Signal, Btc, Rules);

        Assert.Equal(new Fill(61969m, 0.016m, 991.504m, 0.495752m), close.Exit); // 62000 × 0.9995, rounded down
        Assert.Equal(31.024m, close.GrossPnl);                                      // (61969 − 60030) × 0.016
        Assert.Equal(126.576248m, close.BalanceChange);                             // 96.048 + 31.024 − 0.495752
        Assert.Equal(30.048008m, close.RealizedPnl);                                // 31.024 − 0.48024 − 0.495752
        Assert.True(close.IsWin);
    }

    [Fact]
    public void Closing_a_losing_short_buys_above_the_market()
    {
        var close = PaperExchange.PlanClose(EthShort(), 3100m, CloseReason.Signal, Eth, Rules);

        Assert.Equal(new Fill(3101.55m, 0.166m, 514.8573m, 0.25742865m), close.Exit);
        Assert.Equal(-17.1063m, close.GrossPnl);                 // (2998.5 − 3101.55) × 0.166
        Assert.Equal(82.18647135m, close.BalanceChange);         // 99.5502 − 17.1063 − 0.25742865
        Assert.Equal(-17.61260415m, close.RealizedPnl);
        Assert.False(close.IsWin);
    }

    [Fact]
    public void A_position_closed_at_a_profit_smaller_than_its_fees_is_a_loss()
    {
        // 60090 × 0.9995 = 60059.955 → 60059.9; gross (60059.9 − 60030) × 0.016 = 0.4784;
        // fees 0.48024 + 0.016 × 60059.9 × 0.05% = 0.4804792
        var close = PaperExchange.PlanClose(BtcLong(), 60090m, CloseReason.Signal, Btc, Rules);

        Assert.Equal(0.4784m, close.GrossPnl);
        Assert.Equal(-0.4823192m, close.RealizedPnl);
        Assert.False(close.IsWin);
    }

    [Fact]
    public void A_reset_closes_like_a_market_order_and_records_its_reason()
    {
        var close = PaperExchange.PlanClose(BtcLong(id: 3), 62000m, CloseReason.Reset, Btc, Rules);
        var trade = PaperExchange.Trade(close, Now);

        Assert.Equal(61969m, close.Exit.Price);
        Assert.Equal(30.048008m, close.RealizedPnl);
        Assert.Equal(CloseReason.Reset, trade.Reason);
        Assert.Equal(3, trade.PositionId);
    }

    [Fact]
    public void A_liquidation_fills_at_the_liquidation_price_without_fee_and_loses_the_whole_margin()
    {
        var close = PaperExchange.PlanClose(BtcLong(), 50000m, CloseReason.Liquidation, Btc, Rules);

        Assert.Equal(CloseReason.Liquidation, close.Reason);
        Assert.Equal(new Fill(54267.2m, 0.016m, 868.2752m, 0m), close.Exit);
        Assert.Equal(-96.048m, close.GrossPnl);
        Assert.Equal(0m, close.BalanceChange);
        Assert.Equal(-96.52824m, close.RealizedPnl); // −margin − entry fee
    }

    [Fact]
    public void A_close_that_would_fill_beyond_the_liquidation_price_is_a_liquidation()
    {
        // 54290 × 0.9995 = 54262.855 → 54262.8, below the liquidation price 54267.2
        var close = PaperExchange.PlanClose(BtcLong(), 54290m, CloseReason.StopLoss, Btc, Rules);

        Assert.Equal(CloseReason.Liquidation, close.Reason);
        Assert.Equal(54267.2m, close.Exit.Price);
        Assert.Equal(0m, close.BalanceChange);
    }

    [Fact]
    public void A_close_that_would_give_back_less_than_nothing_is_a_liquidation()
    {
        // No maintenance buffer: liquidation = bankruptcy price, so the exit fee would push proceeds below 0.
        var rules = Rules with { MaintenanceMarginRate = 0m, SlippageRate = 0m };
        var position = PaperExchange.PlanOpen(Btc, 60000m, PositionSide.Long, 600m, 10, 55000m, 70000m, rules).Plan!.ToPosition(7, Now, null);
        Assert.Equal(54000m, position.LiquidationPrice);

        var close = PaperExchange.PlanClose(position, 54000.1m, CloseReason.Signal, Btc, rules);

        Assert.Equal(CloseReason.Liquidation, close.Reason);
        Assert.Equal(0m, close.BalanceChange);
    }

    [Fact]
    public void Executing_an_open_then_a_close_yields_trade_rows_and_the_account_delta()
    {
        var open = PaperExchange.PlanOpen(Eth, 3000m, PositionSide.Short, 500m, 5, 3100m, 2900m, Rules).Plan!;
        var close = PaperExchange.PlanClose(BtcLong(id: 41), 62000m, CloseReason.Signal, Btc, Rules);

        var execution = PaperExchange.Execute(10000m, [open, close], Now);

        // 10000 − (99.5502 + 0.2488755) + 126.576248
        Assert.Equal(10026.7771725m, execution.BalanceAfter);
        Assert.Equal(new AccountDelta(26.7771725m, 0.2488755m + 0.495752m, 30.048008m, 1, 1, 0), execution.Delta);

        var entry = execution.Orders[0].Trade;
        Assert.Equal(new TradeRecord("ETHUSDT", DecisionAction.Short, FillKind.Entry, 2998.5m, 0.166m, 497.751m, 5, 0.2488755m,
            null, null, null, Now), entry);
        var exit = execution.Orders[1].Trade;
        Assert.Equal(new TradeRecord("BTCUSDT", DecisionAction.Close, FillKind.Exit, 61969m, 0.016m, 991.504m, 10, 0.495752m,
            30.048008m, CloseReason.Signal, 41, Now), exit);
    }

    [Fact]
    public void A_liquidation_counts_as_a_loss_and_pays_no_exit_fee()
    {
        var execution = PaperExchange.Execute(5000m, [PaperExchange.Liquidate(BtcLong())], Now);

        Assert.Equal(5000m, execution.BalanceAfter);
        Assert.Equal(new AccountDelta(0m, 0m, -96.52824m, 1, 0, 1), execution.Delta);
        Assert.Equal(CloseReason.Liquidation, execution.Orders[0].Trade.Reason);
    }

    [Fact]
    public void A_planned_open_becomes_the_open_position_the_engine_holds()
    {
        var position = BtcLongPlan().ToPosition(9, Now, 4);

        Assert.Equal(new OpenPosition(9, "BTCUSDT", PositionSide.Long, 0.016m, 60030m, 10, 96.048m, 0.48024m, 58000m, 63000m,
            54267.2m, Now, 4), position);
    }
}
