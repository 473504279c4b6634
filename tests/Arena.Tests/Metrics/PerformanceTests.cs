using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

public sealed class PerformanceTests
{
    private static readonly TimeWindow FirstWeekOf2025 = new(At("2025-01-01T00:00:00"), At("2025-01-08T00:00:00"));

    [Fact]
    public void A_week_of_equity_and_trades_matches_the_hand_computed_figures()
    {
        // The worked example of docs/metrics.md. Start: last observation at or before 01-01 00:00 = 1000 (12-31 23:50).
        // Daily closes 1100, 1045, 1149.5, 1149.5 (01-04 carried), 1034.55, 1138.005, 1138.005 (01-07 carried, the end)
        // r = 0.1, -0.05, 0.1, 0, -0.1, 0.1, 0 (n = 7, Σr = 0.15, Σr² = 0.0425)
        // mean = 0.15 / 7 = 0.0214286; s² = (0.0425 - 7 × 0.0214286²) / 6 = 0.0065476; s = 0.0809174
        // Sharpe = 0.0214286 / 0.0809174 × 19.1049732 = 5.0594
        // DD = √((0.05² + 0.1²) / 7) = √0.0017857 = 0.0422577; Sortino = 0.0214286 / 0.0422577 × 19.1049732 = 9.6880
        // Max drawdown: 1100 (01-01 18:00) -> 935 (01-02 03:00, intraday) = 165 / 1100 = 0.15; the later
        //   1149.5 -> 1034.55 is 0.10.
        // Return = 1138.005 / 1000 - 1 = 0.138005, PnL = 138.005
        // Annualized over exactly 7 days: 1.138005^(365/7) - 1 = e^(52.142857 × 0.1292767) - 1 = 845.286565
        // Calmar = 845.286565 / 0.15 = 5635.2438
        // Trades closed in the window: +60, -15, +25 (the 12-31 one is outside): win rate 2/3 = 0.666667,
        //   profit factor 85 / 15 = 5.6667, expectancy 70 / 3 = 23.33333333; fees in the window 0.6 + 0.5 + 0.7
        var bot = Bot("2024-12-20T00:00:00", 1000m,
            Curve(
                ("2024-12-31T12:00:00", 1020m),
                ("2024-12-31T23:50:00", 1000m),
                ("2025-01-01T18:00:00", 1100m),
                ("2025-01-02T03:00:00", 935m),
                ("2025-01-02T09:00:00", 1045m),
                ("2025-01-03T23:59:00", 1149.5m),
                ("2025-01-05T12:00:00", 1034.55m),
                ("2025-01-06T12:00:00", 1138.005m)),
            live: P("2025-01-08T00:00:00", 1138.005m),
            positions: [Closed(-40m, "2024-12-31T20:00:00"), Closed(60m, "2025-01-02T08:00:00"), Closed(-15m, "2025-01-05T11:00:00"), Closed(25m, "2025-01-06T11:00:00")],
            fills: [Fee("2024-12-31T23:59:59", 9m), Fee("2025-01-01T00:00:00", 0.6m), Fee("2025-01-04T00:00:00", 0.5m), Fee("2025-01-08T00:00:00", 0.7m)]);

        var performance = Performance.Measure(bot, FirstWeekOf2025);
        var equity = performance.Equity!;

        Assert.Equal(P("2025-01-01T00:00:00", 1000m), equity.Start);
        Assert.Equal(P("2025-01-08T00:00:00", 1138.005m), equity.End);
        Assert.Equal(138.005m, equity.Pnl);
        Assert.Equal(0.138005m, equity.Return);
        Assert.Equal(new Drawdown(0.15m, P("2025-01-01T18:00:00", 1100m), P("2025-01-02T03:00:00", 935m)), equity.MaxDrawdown);
        Assert.Equal(7, equity.DailyReturns);
        Assert.Equal(5.0594, equity.Sharpe);
        Assert.Equal(9.688, equity.Sortino);
        Assert.Equal(845.286565, equity.AnnualizedReturn);
        Assert.Equal(5635.2438, equity.Calmar);
        Assert.Equal(new TradeMetrics(3, 2, 1, 0.666667m, 5.6667m, 23.33333333m, 42.5m, 15m, 85m, 15m, 70m, 1.8m), performance.Trades);
    }

    [Fact]
    public void A_bot_that_started_inside_the_period_is_measured_from_its_initial_balance()
    {
        // Started 01-05 with 1000 (after a reset: the 01-03 snapshot of 5000 and the 01-04 position belong to the old run).
        // Closes 1100 (01-05), 1100 (01-06, carried), end 1210: r = 0.1, 0, 0.1; mean 0.0666667, s = 0.0577350
        // Sharpe = 1.1547005 × 19.1049732 = 22.0605; no losing day: Sortino null; no fall: drawdown 0;
        // 3 days < 7: no annualized return, no Calmar. Return 1210 / 1000 - 1 = 0.21.
        var bot = Bot("2025-01-05T00:00:00", 1000m,
            Curve(("2025-01-03T00:00:00", 5000m), ("2025-01-05T20:00:00", 1100m)),
            live: P("2025-01-08T00:00:00", 1210m),
            positions: [Closed(-4000m, "2025-01-04T00:00:00"), Closed(210m, "2025-01-07T00:00:00")]);

        var performance = Performance.Measure(bot, FirstWeekOf2025);
        var equity = performance.Equity!;

        Assert.Equal(new TimeWindow(At("2025-01-05T00:00:00"), At("2025-01-08T00:00:00")), performance.Window);
        Assert.Equal(P("2025-01-05T00:00:00", 1000m), equity.Start);
        Assert.Equal(0.21m, equity.Return);
        Assert.Equal(210m, equity.Pnl);
        Assert.Equal(22.0605, equity.Sharpe);
        Assert.Null(equity.Sortino);
        Assert.Equal(0m, equity.MaxDrawdown.Fraction);
        Assert.Null(equity.AnnualizedReturn);
        Assert.Null(equity.Calmar);
        Assert.Equal(1, performance.Trades.ClosedPositions);
    }

    [Fact]
    public void A_day_long_period_has_one_daily_return_and_therefore_no_Sharpe()
    {
        // 24h from 01-01 00:00: start = 950 (12-31 23:50), end 1045: return 1045 / 950 - 1 = 0.1, PnL 95.
        // The one day touched gives one daily return: Sharpe and Sortino need two.
        var bot = Bot("2024-12-01T00:00:00", 1000m,
            Curve(("2024-12-31T18:00:00", 900m), ("2024-12-31T23:50:00", 950m), ("2025-01-01T06:00:00", 1000m)),
            live: P("2025-01-02T00:00:00", 1045m));

        var equity = Performance.Measure(bot, LeaderboardPeriods.Window(LeaderboardPeriod.Day, At("2025-01-02T00:00:00"))).Equity!;

        Assert.Equal(0.1m, equity.Return);
        Assert.Equal(95m, equity.Pnl);
        Assert.Equal(1, equity.DailyReturns);
        Assert.Null(equity.Sharpe);
        Assert.Null(equity.Sortino);
    }

    [Fact]
    public void A_bot_that_starts_now_has_a_zero_return_and_no_ratios()
    {
        var bot = Bot("2025-01-08T00:00:00", 1000m, [], live: P("2025-01-08T00:00:00", 1000m));

        var equity = Performance.Measure(bot, FirstWeekOf2025).Equity!;

        Assert.Equal((0m, 0m, 0m, 0), (equity.Return!.Value, equity.Pnl, equity.MaxDrawdown.Fraction, equity.DailyReturns));
        Assert.Null(equity.Sharpe);
        Assert.Null(equity.Calmar);
    }

    [Fact]
    public void A_bot_that_lost_everything_before_the_period_has_no_return()
    {
        var bot = Bot("2024-12-01T00:00:00", 1000m, [P("2024-12-15T00:00:00", 0m)], live: P("2025-01-08T00:00:00", 0m));

        var equity = Performance.Measure(bot, FirstWeekOf2025).Equity!;

        Assert.Null(equity.Return);
        Assert.Null(equity.Sharpe);
        Assert.Null(equity.AnnualizedReturn);
    }

    [Fact]
    public void Buy_and_hold_invests_the_starting_equity_at_the_start_price_and_values_it_on_the_bots_timestamps()
    {
        // Start price = last at or before 01-01 00:00 = 50000 -> 1000 / 50000 = 0.02 BTC.
        // At the bot's timestamps: 01-02 00:00 -> 55000 (01-01 23:59) = 1100; 01-03 00:00 -> 44000 = 880;
        // end 01-04 00:00 -> 60500 (01-03 18:00) = 1210. The 01-02 12:00 price of 40000 falls between the bot's
        // timestamps and is not seen; the 01-04 06:00 price is after the end.
        // Return 1210 / 1000 - 1 = 0.21, PnL 210; drawdown (1100 - 880) / 1100 = 0.2 from 01-02 to 01-03.
        // Daily r = 0.1, -0.2, 0.375: mean 0.0916667, s = 0.2875906 -> Sharpe = 0.0916667 / 0.2875906 × 19.1049732 = 6.0895
        // DD = √(0.04 / 3) = 0.1154701 -> Sortino = 0.0916667 / 0.1154701 × 19.1049732 = 15.1666
        var bot = Bot("2025-01-01T00:00:00", 1000m,
            Curve(("2025-01-02T00:00:00", 1020m), ("2025-01-03T00:00:00", 990m)),
            live: P("2025-01-04T00:00:00", 1050m));
        PricePoint[] btc =
        [
            new(At("2025-01-04T06:00:00"), 70000m),
            new(At("2024-12-31T23:55:00"), 50000m),
            new(At("2025-01-01T23:59:00"), 55000m),
            new(At("2025-01-02T12:00:00"), 40000m),
            new(At("2025-01-03T00:00:00"), 44000m),
            new(At("2025-01-03T18:00:00"), 60500m),
        ];

        var hold = Performance.Measure(bot, new TimeWindow(At("2025-01-01T00:00:00"), At("2025-01-04T00:00:00")), btc).BuyAndHold!;

        Assert.Equal(0.21m, hold.Return);
        Assert.Equal(210m, hold.Pnl);
        Assert.Equal(new Drawdown(0.2m, P("2025-01-02T00:00:00", 1100m), P("2025-01-03T00:00:00", 880m)), hold.MaxDrawdown);
        Assert.Equal(6.0895, hold.Sharpe);
        Assert.Equal(15.1666, hold.Sortino);
        Assert.Null(hold.AnnualizedReturn);
    }

    [Fact]
    public void Buy_and_hold_without_a_price_at_the_start_is_absent()
    {
        var bot = Bot("2025-01-01T00:00:00", 1000m, [], live: P("2025-01-04T00:00:00", 1050m));

        var performance = Performance.Measure(bot, FirstWeekOf2025, [new PricePoint(At("2025-01-01T00:00:01"), 50000m)]);

        Assert.Null(performance.BuyAndHold);
        Assert.NotNull(performance.Equity);
    }
}
