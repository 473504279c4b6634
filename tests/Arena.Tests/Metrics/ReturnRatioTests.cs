using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

/// <summary>√365 = 19.104973174542800 throughout.</summary>
public sealed class ReturnRatioTests
{
    [Fact]
    public void Sharpe_is_the_mean_over_the_sample_deviation_annualized_by_root_365()
    {
        // r = 0.1, -0.05, 0.1, 0; mean = 0.15 / 4 = 0.0375
        // deviations 0.0625, -0.0875, 0.0625, -0.0375; squares 0.00390625 + 0.00765625 + 0.00390625 + 0.00140625 = 0.016875
        // s² = 0.016875 / (4 - 1) = 0.005625, s = 0.075; Sharpe = 0.0375 / 0.075 × 19.1049731745 = 9.55248659
        Assert.Equal(9.55248659, ReturnRatios.Sharpe([0.1m, -0.05m, 0.1m, 0m])!.Value, 1e-8);
    }

    [Fact]
    public void Sortino_divides_by_the_downside_deviation_over_all_returns()
    {
        // r = 0.1, -0.05, 0.1, 0; mean 0.0375; DD = √((-0.05)² / 4) = √0.000625 = 0.025
        // Sortino = 0.0375 / 0.025 × 19.1049731745 = 1.5 × 19.1049731745 = 28.65745976
        Assert.Equal(28.65745976, ReturnRatios.Sortino([0.1m, -0.05m, 0.1m, 0m])!.Value, 1e-8);
    }

    [Fact]
    public void A_series_without_losing_days_has_no_Sortino()
    {
        // Rising: r = 0.1, 0.1, 0.05; mean 0.083333, s = √((0.016667² × 2 + 0.033333²) / 2) = 0.0288675
        // Sharpe = 0.0833333 / 0.0288675 × 19.1049732 = 55.1513070; no r < 0 so DD = 0 and Sortino is null.
        IReadOnlyList<decimal> rising = [0.1m, 0.1m, 0.05m];

        Assert.Equal(55.1513070, ReturnRatios.Sharpe(rising)!.Value, 1e-6);
        Assert.Null(ReturnRatios.Sortino(rising));
    }

    [Fact]
    public void Constant_daily_returns_have_no_Sharpe_because_the_deviation_is_exactly_zero()
    {
        // 1000 -> 1010 -> 1020.1 -> 1030.301: every decimal return is exactly 0.01, so s = 0 (not 1e-18).
        var daily = EquityCurve.DailyReturns(Curve(
            ("2025-01-01T00:00:00", 1000m), ("2025-01-02T00:00:00", 1010m), ("2025-01-03T00:00:00", 1020.1m), ("2025-01-04T00:00:00", 1030.301m)));

        Assert.Equal([0.01m, 0.01m, 0.01m], daily);
        Assert.Null(ReturnRatios.Sharpe(daily));
    }

    [Fact]
    public void Fewer_than_two_daily_returns_have_no_Sharpe_or_Sortino()
    {
        Assert.Null(ReturnRatios.Sharpe([-0.1m]));
        Assert.Null(ReturnRatios.Sortino([-0.1m]));
        Assert.Null(ReturnRatios.Sharpe([]));
        Assert.Null(ReturnRatios.Sharpe(null));
    }

    [Fact]
    public void Annualized_return_compounds_the_period_return_over_a_year_and_Calmar_divides_it_by_the_drawdown()
    {
        // 1000 -> 1100 over 36.5 days: (1.1)^(365 / 36.5) - 1 = 1.1^10 - 1 = 2.5937424601 - 1 = 1.5937424601
        // with a 0.2 max drawdown: Calmar = 1.5937424601 / 0.2 = 7.9687123005
        var annualized = ReturnRatios.AnnualizedReturn(P("2025-01-01T00:00:00", 1000m), P("2025-02-06T12:00:00", 1100m));

        Assert.Equal(1.5937424601, annualized!.Value, 1e-9);
        Assert.Equal(7.9687123005, ReturnRatios.Calmar(annualized, 0.2m)!.Value, 1e-9);
    }

    [Fact]
    public void Less_than_a_week_is_not_annualized_so_it_has_no_Calmar()
    {
        var start = P("2025-01-01T00:00:00", 1000m);

        // 6 days 23 hours: null. Exactly 7 days: 1.1^(365 / 7) - 1 = 142.9901781.
        var justShort = ReturnRatios.AnnualizedReturn(start, P("2025-01-07T23:00:00", 1100m));
        var aWeek = ReturnRatios.AnnualizedReturn(start, P("2025-01-08T00:00:00", 1100m));

        Assert.Null(justShort);
        Assert.Null(ReturnRatios.Calmar(justShort, 0.2m));
        Assert.Equal(142.9901781, aWeek!.Value, 1e-6);
    }

    [Fact]
    public void No_drawdown_means_no_Calmar()
    {
        Assert.Null(ReturnRatios.Calmar(0.5, 0m));
    }
}
