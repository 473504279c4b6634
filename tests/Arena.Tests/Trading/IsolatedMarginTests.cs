using Arena.Grains.Trading;
using static Arena.Tests.Trading.TradingFixtures;

namespace Arena.Tests.Trading;

public sealed class IsolatedMarginTests
{
    [Theory]
    // entry 60000, mmr 0.4%: LONG entry × (1 − 1/L + mmr), SHORT entry × (1 + 1/L − mmr)
    [InlineData(PositionSide.Long, 60000, 1, 240)]
    [InlineData(PositionSide.Long, 60000, 5, 48240)]
    [InlineData(PositionSide.Long, 60000, 20, 57240)]
    [InlineData(PositionSide.Long, 60000, 125, 59760)]
    [InlineData(PositionSide.Short, 60000, 1, 119760)]
    [InlineData(PositionSide.Short, 60000, 5, 71760)]
    [InlineData(PositionSide.Short, 60000, 20, 62760)]
    [InlineData(PositionSide.Short, 60000, 125, 60240)]
    // exact results stay exact: 60000 × (2/3 + 0.004) is 40240, not 40240.1
    [InlineData(PositionSide.Long, 60000, 3, 40240)]
    // off the tick: LONG rounds up (54267.12 → 54267.2), SHORT rounds down (65792.88 → 65792.8)
    [InlineData(PositionSide.Long, 60030, 10, 54267.2)]
    [InlineData(PositionSide.Short, 60030, 10, 65792.8)]
    // non-terminating: 40240.3353... → 40240.4 and 79760.6646... → 79760.6
    [InlineData(PositionSide.Long, 60000.5, 3, 40240.4)]
    [InlineData(PositionSide.Short, 60000.5, 3, 79760.6)]
    public void Liquidation_price_is_rounded_towards_the_entry(PositionSide side, decimal entry, int leverage, decimal expected) =>
        Assert.Equal(expected, IsolatedMargin.LiquidationPrice(side, entry, leverage, 0.004m, 0.1m));

    [Fact]
    public void With_a_maintenance_rate_above_one_over_leverage_a_long_liquidates_above_its_entry()
    {
        // 1/125 = 0.8% < 1%: the position is liquidatable at once; the validator refuses any stop for it.
        Assert.Equal(60120m, IsolatedMargin.LiquidationPrice(PositionSide.Long, 60000m, 125, 0.01m, 0.1m));
    }

    [Theory]
    [InlineData(PositionSide.Long, 60030, 61969, 0.016, 31.024)]
    [InlineData(PositionSide.Long, 60030, 57871, 0.016, -34.544)]
    [InlineData(PositionSide.Short, 2998.5, 3101.55, 0.166, -17.1063)]
    [InlineData(PositionSide.Short, 2998.5, 2900, 0.166, 16.351)]
    [InlineData(PositionSide.Long, 0.10005, 0.123456789, 7, 0.16384752)] // 0.163847523 rounds to 8 decimals
    public void Gross_pnl_is_the_price_move_times_quantity_in_the_positions_direction(
        PositionSide side, decimal entry, decimal exit, decimal quantity, decimal expected) =>
        Assert.Equal(expected, IsolatedMargin.GrossPnl(side, entry, exit, quantity));

    [Fact]
    public void Unrealized_pnl_uses_the_mark_price_without_fees_and_never_loses_more_than_the_margin()
    {
        var btc = BtcLong();
        Assert.Equal(31.52m, IsolatedMargin.UnrealizedPnl(btc, 62000m));       // (62000 − 60030) × 0.016
        Assert.Equal(0m, IsolatedMargin.UnrealizedPnl(btc, 60030m));
        Assert.Equal(-96.048m, IsolatedMargin.UnrealizedPnl(btc, 1000m));      // −944.48 floored at −margin
        Assert.Equal(16.351m, IsolatedMargin.UnrealizedPnl(EthShort(), 2900m)); // (2998.5 − 2900) × 0.166
    }

    [Fact]
    public void Equity_is_balance_plus_margin_and_unrealized_pnl_of_every_open_position()
    {
        var quotes = new Dictionary<string, Quote> { ["BTCUSDT"] = QuoteOf("BTCUSDT", 62000m), ["ETHUSDT"] = QuoteOf("ETHUSDT", 2900m) };

        // 9000 + (96.048 + 31.52) + (99.5502 + 16.351)
        Assert.Equal(9243.4692m, IsolatedMargin.Equity(9000m, [BtcLong(), EthShort()], quotes));
        Assert.Equal(9000m, IsolatedMargin.Equity(9000m, [], quotes));
    }

    [Fact]
    public void A_position_without_a_quote_counts_at_its_entry_price_in_equity()
    {
        Assert.Equal(9000m + 96.048m, IsolatedMargin.Equity(9000m, [BtcLong()], new Dictionary<string, Quote>()));
    }
}
