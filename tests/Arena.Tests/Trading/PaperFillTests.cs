using Arena.Grains.Trading;
using static Arena.Tests.Trading.TradingFixtures;

namespace Arena.Tests.Trading;

public sealed class PaperFillTests
{
    [Theory]
    [InlineData(100, true, 0.0005, 0.1, 100.1)]       // 100.05 rounds UP to the tick
    [InlineData(100, false, 0.0005, 0.1, 99.9)]       // 99.95 rounds DOWN to the tick
    [InlineData(60000, true, 0.0005, 0.1, 60030)]     // already on the tick
    [InlineData(60000, false, 0.0005, 0.1, 59970)]
    [InlineData(100.03, true, 0, 0.1, 100.1)]         // no slippage, off the tick
    [InlineData(100.03, false, 0, 0.1, 100.0)]
    [InlineData(0.1, true, 0.0005, 0.00001, 0.10005)]
    [InlineData(123.456, true, 0.001, 0, 123.579456)] // no tick: not rounded
    public void Fill_price_adds_slippage_against_the_bot_and_rounds_to_the_tick_against_the_bot(
        decimal market, bool buy, decimal slippage, decimal tick, decimal expected) =>
        Assert.Equal(expected, PaperExchange.FillPrice(market, buy, slippage, tick));

    [Theory]
    [InlineData(1000, 60030, 0.001, 0.016)]   // 0.016658... rounds DOWN
    [InlineData(600.3, 60030, 0.001, 0.01)]   // exact
    [InlineData(50, 60030, 0.001, 0)]         // less than one step
    [InlineData(4.9, 0.10005, 1, 48)]
    public void Quantity_is_notional_over_price_rounded_down_to_the_step(decimal notional, decimal price, decimal step, decimal expected) =>
        Assert.Equal(expected, PaperExchange.Quantity(notional, price, step));

    [Fact]
    public void Opening_a_long_fills_above_the_market_and_locks_notional_over_leverage()
    {
        var plan = BtcLongPlan();

        Assert.Equal(new Fill(60030m, 0.016m, 960.48m, 0.48024m), plan.Entry);
        Assert.Equal(96.048m, plan.Margin);
        Assert.Equal(54267.2m, plan.LiquidationPrice);
        Assert.Equal(-96.52824m, plan.BalanceChange);
    }

    [Fact]
    public void Opening_a_short_fills_below_the_market()
    {
        var (plan, rejection) = PaperExchange.PlanOpen(Eth, 3000m, PositionSide.Short, 500m, 5, 3100m, 2900m, Rules);

        Assert.Null(rejection);
        Assert.Equal(new Fill(2998.5m, 0.166m, 497.751m, 0.2488755m), plan!.Entry);
        Assert.Equal(99.5502m, plan.Margin);
        Assert.Equal(3586.2m, plan.LiquidationPrice);
    }

    [Theory]
    [InlineData(50, false)]      // 0 BTC
    [InlineData(60.02, false)]   // 0.000999... BTC rounds down to 0
    [InlineData(60.03, true)]    // exactly the minimum quantity 0.001
    public void A_quantity_under_the_exchange_minimum_is_refused(decimal size, bool accepted)
    {
        var (plan, rejection) = PaperExchange.PlanOpen(Btc, 60000m, PositionSide.Long, size, 1, 1m, 100000m, Rules);

        Assert.Equal(accepted, plan is not null);
        if (!accepted) Assert.Equal(DecisionRejectionCode.QuantityBelowExchangeMinimum, rejection!.Code);
        else Assert.Equal(0.001m, plan!.Entry.Quantity);
    }

    [Theory]
    [InlineData(4.99, false)]  // 49 DOGE × 0.1 = 4.9
    [InlineData(5, true)]      // 50 DOGE × 0.1 = 5: equal to the minimum notional is enough
    public void An_actual_notional_under_the_exchange_minimum_is_refused(decimal size, bool accepted)
    {
        var noSlippage = Rules with { SlippageRate = 0m };
        var (plan, rejection) = PaperExchange.PlanOpen(Doge, 0.1m, PositionSide.Long, size, 1, 0.05m, 0.2m, noSlippage);

        Assert.Equal(accepted, plan is not null);
        if (!accepted) Assert.Equal(DecisionRejectionCode.NotionalBelowExchangeMinimum, rejection!.Code);
        else Assert.Equal(5m, plan!.Entry.Notional);
    }

    [Fact]
    public void A_price_that_rounds_to_zero_is_no_usable_quote()
    {
        var (plan, rejection) = PaperExchange.PlanOpen(Btc, 0.05m, PositionSide.Short, 100m, 1, 1m, 0.01m, Rules);

        Assert.Null(plan);
        Assert.Equal(DecisionRejectionCode.NoQuote, rejection!.Code);
    }

    [Fact]
    public void Money_rounds_half_away_from_zero_at_eight_decimals()
    {
        Assert.Equal(0.00000001m, Money.Round(0.000000005m));
        Assert.Equal(-0.00000001m, Money.Round(-0.000000005m));
        Assert.Equal(0.12345678m, Money.Round(0.123456784999m));
        // A fee on an odd notional: 0.001 BTC × 60030.1 × 0.05% = 0.03001505
        Assert.Equal(0.03001505m, IsolatedMargin.Fee(60.0301m, 0.0005m));
        Assert.Equal(33.33333333m, IsolatedMargin.Margin(100m, 3));
    }
}
