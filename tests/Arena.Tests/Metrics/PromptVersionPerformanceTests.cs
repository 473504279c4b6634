using Arena.Grains.Metrics;
using static Arena.Tests.Metrics.MetricsSamples;

namespace Arena.Tests.Metrics;

public sealed class PromptVersionPerformanceTests
{
    // T0 = 2025-03-01 00:00, the bot's start with 1000. Versions: v0 created T0-5d, v1 T0-1d, v2 T0+2d, v3 T0+10d;
    // the live point is T0+12d. Windows: v0 [T0, T0] (replaced before the bot started: empty), v1 [T0, T0+2d],
    // v2 [T0+2d, T0+10d], v3 [T0+10d, T0+12d].
    private static readonly BotHistory History = Bot("2025-03-01T00:00:00", 1000m,
        Curve(
            ("2025-03-02T00:00:00", 1100m),
            ("2025-03-03T00:00:00", 1050m),   // exactly at v2's creation: v1's end value and v2's start value
            ("2025-03-07T00:00:00", 1260m),
            ("2025-03-11T00:00:00", 1134m),   // exactly at v3's creation
            ("2025-03-12T00:00:00", 1200m)),
        live: P("2025-03-13T00:00:00", 1247.4m),
        positions:
        [
            Closed(40m, "2025-03-04T00:00:00", version: 1),   // opened under v1, closed in v2's window: v1's
            Closed(-10m, "2025-03-08T00:00:00", version: 2),
            Closed(30m, "2025-03-10T00:00:00", version: 2),
            Closed(5m, "2025-03-12T00:00:00", version: 3),
            Closed(100m, "2025-03-02T00:00:00", version: null), // no version recorded: nobody's
        ],
        fills:
        [
            Fee("2025-03-02T00:00:00", 0.1m),
            Fee("2025-03-03T00:00:00", 0.2m),  // at v2's creation: v2's, not v1's
            Fee("2025-03-11T00:00:00", 0.3m),  // at v3's creation: v3's
            Fee("2025-03-13T00:00:00", 0.4m),  // at the live instant: the last window includes its end
        ]);

    private static readonly PromptVersionStart[] Versions =
    [
        new(3, At("2025-03-11T00:00:00")),
        new(0, At("2025-02-24T00:00:00")),
        new(2, At("2025-03-03T00:00:00")),
        new(1, At("2025-02-28T00:00:00")),
    ];

    private static VersionPerformance Of(int version) => Performance.ByPromptVersion(History, Versions).Single(v => v.Version == version);

    [Fact]
    public void Versions_come_in_creation_order_with_windows_clipped_to_the_bots_history()
    {
        var windows = Performance.ByPromptVersion(History, Versions).Select(v => (v.Version, v.Window)).ToList();

        Assert.Equal(
        [
            (0, new TimeWindow(At("2025-03-01T00:00:00"), At("2025-03-01T00:00:00"))),
            (1, new TimeWindow(At("2025-03-01T00:00:00"), At("2025-03-03T00:00:00"))),
            (2, new TimeWindow(At("2025-03-03T00:00:00"), At("2025-03-11T00:00:00"))),
            (3, new TimeWindow(At("2025-03-11T00:00:00"), At("2025-03-13T00:00:00"))),
        ], windows);
    }

    [Fact]
    public void A_version_replaced_before_the_bot_started_has_no_equity_figures()
    {
        var v0 = Of(0);

        Assert.Null(v0.Equity);
        Assert.Equal(0, v0.Trades.ClosedPositions);
        Assert.Equal(0m, v0.Trades.Fees);
    }

    [Fact]
    public void The_first_version_is_measured_from_the_bots_start_to_the_next_versions_creation()
    {
        // 1000 -> 1100 -> 1050: return 0.05; drawdown 50 / 1100 = 0.0454545 -> 0.045455; 2 days: no Calmar.
        // Trades: the +40 position opened under v1 (closed later): win rate 1, no profit factor. Fees: 0.1 only.
        var v1 = Of(1);

        Assert.Equal(0.05m, v1.Equity!.Return);
        Assert.Equal(0.045455m, v1.Equity.MaxDrawdown.Fraction);
        Assert.Null(v1.Equity.Calmar);
        Assert.Equal((1, 1m, (decimal?)null, 40m, 0.1m), (v1.Trades.ClosedPositions, v1.Trades.WinRate!.Value, v1.Trades.ProfitFactor, v1.Trades.Expectancy!.Value, v1.Trades.Fees));
    }

    [Fact]
    public void A_middle_version_gets_every_figure_over_its_own_window()
    {
        // Start 1050 (T0+2d), 1260 (T0+6d), end 1134 (T0+10d): return 1134 / 1050 - 1 = 0.08, PnL 84;
        // drawdown (1260 - 1134) / 1260 = 0.1. Daily closes over 8 days: 1050 ×4, 1260 ×4, end 1134:
        // r = 0, 0, 0, 0.2, 0, 0, 0, -0.1; mean 0.0125; s² = (0.05 - 8 × 0.0125²) / 7 = 0.0069643, s = 0.0834523
        // Sharpe = 0.0125 / 0.0834523 × 19.1049732 = 2.8617; DD = √(0.01 / 8) = 0.0353553 -> Sortino 6.7546
        // Annualized: 1.08^(365/8) - 1 = 32.493370; Calmar = 32.4933698 / 0.1 = 324.9337
        // Trades opened under v2: -10, +30: win rate 0.5, profit factor 3, expectancy 10. Fees in window: 0.2.
        var v2 = Of(2);
        var equity = v2.Equity!;

        Assert.Equal((0.08m, 84m, 0.1m, 8), (equity.Return!.Value, equity.Pnl, equity.MaxDrawdown.Fraction, equity.DailyReturns));
        Assert.Equal(2.8617, equity.Sharpe);
        Assert.Equal(6.7546, equity.Sortino);
        Assert.Equal(32.49337, equity.AnnualizedReturn);
        Assert.Equal(324.9337, equity.Calmar);
        Assert.Equal((2, 0.5m, 3m, 10m, 0.2m), (v2.Trades.ClosedPositions, v2.Trades.WinRate!.Value, v2.Trades.ProfitFactor!.Value, v2.Trades.Expectancy!.Value, v2.Trades.Fees));
    }

    [Fact]
    public void The_latest_version_runs_to_the_live_point()
    {
        // 1134 -> 1200 -> 1247.4 (live): return 1247.4 / 1134 - 1 = 0.1, no fall. Fees 0.3 + 0.4 = 0.7.
        var v3 = Of(3);

        Assert.Equal(P("2025-03-13T00:00:00", 1247.4m), v3.Equity!.End);
        Assert.Equal(0.1m, v3.Equity.Return);
        Assert.Equal(0m, v3.Equity.MaxDrawdown.Fraction);
        Assert.Equal((1, 0.7m), (v3.Trades.ClosedPositions, v3.Trades.Fees));
    }
}
