using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

public sealed class DrawdownTests
{
    [Fact]
    public void A_monotonically_rising_series_has_no_drawdown()
    {
        var drawdown = ReturnRatios.MaxDrawdown(Curve(
            ("2025-01-01T00:00:00", 1000m), ("2025-01-02T00:00:00", 1000m), ("2025-01-03T00:00:00", 1100m), ("2025-01-04T00:00:00", 1270.5m)));

        Assert.Equal(new Drawdown(0m, null, null), drawdown);
    }

    [Fact]
    public void A_later_deeper_fall_from_a_higher_peak_wins_over_the_global_low()
    {
        // 100 -> 70 (fall 30/100 = 0.30) -> 105 (recovered) -> 200 (new peak) -> 130 (fall 70/200 = 0.35) -> 180.
        // Running peak: max(0.30, 0.35) = 0.35, peak 200 at 01-04, trough 130 at 01-05.
        // A "(global max - global min) / global max" reading gives (200 - 70) / 200 = 0.65 and pairs a trough
        // that came BEFORE its peak; a "fall from the initial equity" reading gives 0.30. Both must fail here.
        var drawdown = ReturnRatios.MaxDrawdown(Curve(
            ("2025-01-01T00:00:00", 100m),
            ("2025-01-02T00:00:00", 70m),
            ("2025-01-03T00:00:00", 105m),
            ("2025-01-04T00:00:00", 200m),
            ("2025-01-05T00:00:00", 130m),
            ("2025-01-06T00:00:00", 180m)));

        Assert.Equal(0.35m, drawdown.Fraction);
        Assert.Equal(P("2025-01-04T00:00:00", 200m), drawdown.Peak);
        Assert.Equal(P("2025-01-05T00:00:00", 130m), drawdown.Trough);
    }

    [Fact]
    public void The_peak_is_the_last_time_the_running_maximum_was_reached_before_the_trough()
    {
        // 1000 at 00:00, 1000 again at 06:00, then 800: fall 200/1000 = 0.2 from the 06:00 peak.
        var drawdown = ReturnRatios.MaxDrawdown(Curve(
            ("2025-01-01T00:00:00", 1000m), ("2025-01-01T06:00:00", 1000m), ("2025-01-01T12:00:00", 800m)));

        Assert.Equal(0.2m, drawdown.Fraction);
        Assert.Equal(At("2025-01-01T06:00:00"), drawdown.Peak!.At);
    }

    [Fact]
    public void Intraday_falls_count_even_when_the_daily_closes_hide_them()
    {
        // Daily closes 1000 -> 1100 -> 1045 show a 5% fall, but 01-02 03:00 touched 990: (1100 - 990) / 1100 = 0.1.
        var drawdown = ReturnRatios.MaxDrawdown(Curve(
            ("2025-01-01T00:00:00", 1000m),
            ("2025-01-01T18:00:00", 1100m),
            ("2025-01-02T03:00:00", 990m),
            ("2025-01-02T09:00:00", 1045m),
            ("2025-01-03T00:00:00", 1045m)));

        Assert.Equal(0.1m, drawdown.Fraction);
    }
}
