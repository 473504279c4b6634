using Arena.Grains.Trading;
using static Arena.Tests.Trading.TradingFixtures;

namespace Arena.Tests.Trading;

public sealed class RiskTriggersTests
{
    // BTC LONG: entry 60030, stop 58000, target 63000, liquidation 54267.2
    [Theory]
    [InlineData(60000, null)]
    [InlineData(58000.1, null)]
    [InlineData(58000, CloseReason.StopLoss)]
    [InlineData(62999.9, null)]
    [InlineData(63000, CloseReason.TakeProfit)]
    [InlineData(70000, CloseReason.TakeProfit)]
    [InlineData(54267.3, CloseReason.StopLoss)]
    [InlineData(54267.2, CloseReason.Liquidation)]
    [InlineData(40000, CloseReason.Liquidation)] // below the stop too: liquidation wins
    [InlineData(0, null)]                          // a broken feed is not a crash to zero
    [InlineData(-1, null)]
    public void A_long_closes_on_liquidation_then_stop_then_target(decimal mark, CloseReason? expected) =>
        Assert.Equal(expected, RiskTriggers.Check(BtcLong(), mark));

    // ETH SHORT: entry 2998.5, stop 3100, target 2900, liquidation 3586.2
    [Theory]
    [InlineData(3000, null)]
    [InlineData(3099.99, null)]
    [InlineData(3100, CloseReason.StopLoss)]
    [InlineData(2900.01, null)]
    [InlineData(2900, CloseReason.TakeProfit)]
    [InlineData(3586.19, CloseReason.StopLoss)]
    [InlineData(3586.2, CloseReason.Liquidation)]
    [InlineData(5000, CloseReason.Liquidation)]
    public void A_short_closes_on_liquidation_then_stop_then_target(decimal mark, CloseReason? expected) =>
        Assert.Equal(expected, RiskTriggers.Check(EthShort(), mark));

    [Fact]
    public void When_stop_and_target_both_trigger_the_stop_wins()
    {
        var crossed = BtcLong() with { StopLoss = 58000m, TakeProfit = 50000m };

        Assert.Equal(CloseReason.StopLoss, RiskTriggers.Check(crossed, 55000m));
    }

    [Fact]
    public void A_position_without_exit_plan_only_liquidates()
    {
        var bare = BtcLong() with { StopLoss = null, TakeProfit = null };

        Assert.Null(RiskTriggers.Check(bare, 54267.3m));
        Assert.Null(RiskTriggers.Check(bare, 1000000m));
        Assert.Equal(CloseReason.Liquidation, RiskTriggers.Check(bare, 54267.2m));
    }

    [Fact]
    public void A_stop_fills_at_the_mark_with_slippage_not_at_the_stop()
    {
        var close = RiskTriggers.Evaluate(BtcLong(), 57900m, Btc, Rules)!;

        Assert.Equal(CloseReason.StopLoss, close.Reason);
        Assert.Equal(57871m, close.Exit.Price);      // 57900 × 0.9995 = 57871.05, rounded down
        Assert.Equal(-34.544m, close.GrossPnl);      // (57871 − 60030) × 0.016
        Assert.Equal(0.4629680m, close.Exit.Fee);    // 0.016 × 57871 = 925.936 × 0.05%
    }

    [Fact]
    public void A_take_profit_on_a_short_buys_at_the_mark_with_slippage()
    {
        var close = RiskTriggers.Evaluate(EthShort(), 2890m, Eth, Rules)!;

        Assert.Equal(CloseReason.TakeProfit, close.Reason);
        Assert.Equal(2891.45m, close.Exit.Price);    // 2890 × 1.0005 = 2891.445, rounded up
        Assert.Equal(17.7703m, close.GrossPnl);      // (2998.5 − 2891.45) × 0.166
    }

    [Fact]
    public void A_liquidation_trigger_closes_at_the_liquidation_price()
    {
        var close = RiskTriggers.Evaluate(EthShort(), 4000m, Eth, Rules)!;

        Assert.Equal(CloseReason.Liquidation, close.Reason);
        Assert.Equal(3586.2m, close.Exit.Price);
        Assert.Equal(-99.5502m, close.GrossPnl);
        Assert.Equal(0m, close.Exit.Fee);
    }

    [Fact]
    public void Nothing_to_do_is_null() => Assert.Null(RiskTriggers.Evaluate(BtcLong(), 60000m, Btc, Rules));
}
