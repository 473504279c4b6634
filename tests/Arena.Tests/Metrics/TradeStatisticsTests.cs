using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

public sealed class TradeStatisticsTests
{
    [Fact]
    public void Win_rate_profit_factor_and_expectancy_of_mixed_positions()
    {
        // Net PnL +30.5, -10.25, +19.5, 0 (break-even), -20.25: n = 5, wins 2, losses 2
        // gross profit 30.5 + 19.5 = 50; gross loss 10.25 + 20.25 = 30.5; net 19.5
        // win rate 2/5 = 0.4; profit factor 50 / 30.5 = 1.639344.. -> 1.6393; expectancy 19.5 / 5 = 3.9
        // average win 50/2 = 25; average loss 30.5/2 = 15.25
        var stats = TradeStatistics.Compute([Closed(30.5m), Closed(-10.25m), Closed(19.5m), Closed(0m), Closed(-20.25m)], []);

        Assert.Equal(new TradeMetrics(
            ClosedPositions: 5, Wins: 2, Losses: 2,
            WinRate: 0.4m, ProfitFactor: 1.6393m, Expectancy: 3.9m,
            AverageWin: 25m, AverageLoss: 15.25m,
            GrossProfit: 50m, GrossLoss: 30.5m, NetPnl: 19.5m, Fees: 0m), stats);
    }

    [Fact]
    public void Expectancy_agrees_with_win_rate_times_average_win_minus_loss_rate_times_average_loss()
    {
        // 0.4 × 25 - 0.4 × 15.25 = 10 - 6.1 = 3.9 for the example above; here with thirds and sevenths that do
        // not terminate: +10, +11, -3, -4, +5, -1, +0.01 -> n 7, wins 4 (26.01), losses 3 (8)
        // mean = 18.01 / 7 = 2.57285714...; 4/7 × 26.01/4 - 3/7 × 8/3 = 26.01/7 - 8/7 = 18.01/7
        var stats = TradeStatistics.Compute([Closed(10m), Closed(11m), Closed(-3m), Closed(-4m), Closed(5m), Closed(-1m), Closed(0.01m)], []);

        var winRate = (decimal)stats.Wins / stats.ClosedPositions;
        var lossRate = (decimal)stats.Losses / stats.ClosedPositions;
        var viaRates = winRate * stats.GrossProfit / stats.Wins - lossRate * stats.GrossLoss / stats.Losses;

        Assert.Equal(2.57285714m, stats.Expectancy);
        Assert.Equal(stats.Expectancy, MetricRounding.Money(viaRates));
    }

    [Fact]
    public void All_winners_have_no_profit_factor_because_it_is_infinite()
    {
        // Σ losses = 0: 75 / 0 has no finite value, so null (ranked last), not a huge number ranked first.
        var stats = TradeStatistics.Compute([Closed(25m), Closed(50m)], []);

        Assert.Equal(1m, stats.WinRate);
        Assert.Null(stats.ProfitFactor);
        Assert.Equal(37.5m, stats.Expectancy);
        Assert.Null(stats.AverageLoss);
    }

    [Fact]
    public void All_losers_have_a_profit_factor_of_zero()
    {
        var stats = TradeStatistics.Compute([Closed(-5m), Closed(-15m)], []);

        Assert.Equal(0m, stats.WinRate);
        Assert.Equal(0m, stats.ProfitFactor);
        Assert.Equal(-10m, stats.Expectancy);
    }

    [Fact]
    public void No_closed_positions_leave_the_rates_empty_but_fees_still_count()
    {
        // An entry fill of a position still open paid a fee: fees 0.4 although nothing closed.
        var stats = TradeStatistics.Compute([], [Fee("2025-01-01T10:00:00", 0.4m)]);

        Assert.Equal(new TradeMetrics(0, 0, 0, null, null, null, null, null, 0m, 0m, 0m, 0.4m), stats);
    }

    [Fact]
    public void Fees_sum_every_fill_given()
    {
        // 0.5 + 0.55 + 0.123456 = 1.173456, exact
        var stats = TradeStatistics.Compute([Closed(1m)], [Fee("2025-01-01T00:00:00", 0.5m), Fee("2025-01-01T01:00:00", 0.55m), Fee("2025-01-01T02:00:00", 0.123456m)]);

        Assert.Equal(1.173456m, stats.Fees);
    }
}
