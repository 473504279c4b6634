using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

public sealed class EquityCurveTests
{
    [Fact]
    public void The_start_is_the_last_observation_at_or_before_the_period_start_and_the_end_is_the_live_point()
    {
        var observations = Curve(
            ("2025-01-01T00:00:00", 900m),
            ("2025-01-01T23:50:00", 950m),   // last at or before from = 2025-01-02T00:00
            ("2025-01-02T01:00:00", 1000m),
            ("2025-01-03T00:00:00", 1045m)); // live
        var curve = EquityCurve.Slice(observations, new TimeWindow(At("2025-01-02T00:00:00"), At("2025-01-03T00:00:00")));

        // The start point sits at the period start and carries 950 forward; 900 is outside the period.
        Assert.Equal([P("2025-01-02T00:00:00", 950m), P("2025-01-02T01:00:00", 1000m), P("2025-01-03T00:00:00", 1045m)], curve);
    }

    [Fact]
    public void A_bot_that_started_inside_the_period_starts_at_its_own_start()
    {
        var observations = Curve(("2025-01-05T12:00:00", 1000m), ("2025-01-06T00:00:00", 1100m));
        var curve = EquityCurve.Slice(observations, new TimeWindow(At("2025-01-01T00:00:00"), At("2025-01-06T00:00:00")));

        Assert.Equal(P("2025-01-05T12:00:00", 1000m), curve[0]);
        Assert.Equal(2, curve.Count);
    }

    [Fact]
    public void A_window_that_ends_after_the_last_observation_carries_it_to_the_window_end()
    {
        var observations = Curve(("2025-01-01T00:00:00", 1000m), ("2025-01-01T10:00:00", 1200m));
        var curve = EquityCurve.Slice(observations, new TimeWindow(At("2025-01-01T00:00:00"), At("2025-01-02T00:00:00")));

        Assert.Equal(P("2025-01-02T00:00:00", 1200m), curve[^1]);
    }

    [Fact]
    public void A_window_that_ends_before_the_bot_started_has_no_curve()
    {
        var observations = Curve(("2025-01-05T00:00:00", 1000m));

        Assert.Empty(EquityCurve.Slice(observations, new TimeWindow(At("2025-01-01T00:00:00"), At("2025-01-04T23:59:59"))));
    }

    [Fact]
    public void Daily_returns_forward_fill_days_without_observations()
    {
        // Closes are the equity at each midnight strictly between start and end:
        //   start 01-01 00:00            1000
        //   close 01-01 (at 01-02 00:00) 1100   (last obs 01-01 18:00)
        //   close 01-02 (at 01-03 00:00) 1045   (last obs 01-02 09:00)
        //   close 01-03 (at 01-04 00:00) 1149.5 (last obs 01-03 23:59)
        //   close 01-04 (end 01-05 00:00) 1149.5 (no observation on 01-04: carried forward)
        // r = 1100/1000-1 = 0.1, 1045/1100-1 = -0.05, 1149.5/1045-1 = 0.1, 1149.5/1149.5-1 = 0
        var curve = Curve(
            ("2025-01-01T00:00:00", 1000m),
            ("2025-01-01T18:00:00", 1100m),
            ("2025-01-02T09:00:00", 1045m),
            ("2025-01-03T23:59:00", 1149.5m),
            ("2025-01-05T00:00:00", 1149.5m));

        Assert.Equal([0.1m, -0.05m, 0.1m, 0m], EquityCurve.DailyReturns(curve));
    }

    [Fact]
    public void An_observation_exactly_at_midnight_closes_the_day_before()
    {
        // Start 01-01 12:00 at 1000; the 01-02 00:00:00 observation (1200) is the close of 01-01; the end
        // (01-02 12:00, 1300) closes the partial 01-02: r = 1200/1000-1 = 0.2, 1300/1200-1 = 0.08333...
        var curve = Curve(
            ("2025-01-01T12:00:00", 1000m),
            ("2025-01-02T00:00:00", 1200m),
            ("2025-01-02T06:00:00", 1300m),
            ("2025-01-02T12:00:00", 1300m));

        var returns = EquityCurve.DailyReturns(curve)!;

        Assert.Equal(2, returns.Count);
        Assert.Equal(0.2m, returns[0]);
        Assert.Equal(1300m / 1200m - 1m, returns[1]);
    }

    [Fact]
    public void Compounded_daily_returns_equal_the_period_return()
    {
        var curve = Curve(
            ("2025-01-01T07:13:00", 1000m),
            ("2025-01-01T19:00:00", 1037.21m),
            ("2025-01-03T02:00:00", 981.4m),
            ("2025-01-03T23:00:00", 1012.99m),
            ("2025-01-06T04:30:00", 1024.5m));

        var growth = EquityCurve.DailyReturns(curve)!.Aggregate(1m, (g, r) => g * (1m + r));

        // Six UTC days are touched (01-01 .. 01-06), so six returns; their product is 1024.5 / 1000.
        Assert.Equal(6, EquityCurve.DailyReturns(curve)!.Count);
        Assert.Equal(1.0245m, Math.Round(growth, 20));
    }

    [Fact]
    public void A_day_that_starts_at_zero_equity_leaves_the_daily_returns_undefined()
    {
        var curve = Curve(("2025-01-01T00:00:00", 1000m), ("2025-01-01T12:00:00", 0m), ("2025-01-03T00:00:00", 0m));

        Assert.Null(EquityCurve.DailyReturns(curve));
    }
}
