namespace Arena.Grains.Metrics;

/// <summary>The largest fall from a running peak, as a fraction (0.25 = 25%); no peak or trough when it is 0.</summary>
public sealed record Drawdown(decimal Fraction, EquityPoint? Peak, EquityPoint? Trough);

/// <summary>
/// Figures of one equity curve (a bot's, or the buy-and-hold reference on the same timestamps). Fractions
/// and money are decimal; the ratios that need square roots or powers are double. Every figure is
/// rounded once, here, by <see cref="MetricRounding"/>; see docs/metrics.md for the definitions.
/// </summary>
public sealed record EquityMetrics(
    EquityPoint Start,
    EquityPoint End,
    decimal Pnl,
    decimal? Return,
    Drawdown MaxDrawdown,
    int DailyReturns,
    double? Sharpe,
    double? Sortino,
    double? AnnualizedReturn,
    double? Calmar);

/// <summary>
/// Statistics of a set of closed positions plus the fees of a set of fills. A position is a win when its
/// net PnL is positive and a loss when negative; a break-even position counts only in the total.
/// <see cref="GrossLoss"/> and <see cref="AverageLoss"/> are magnitudes (positive).
/// </summary>
public sealed record TradeMetrics(
    int ClosedPositions,
    int Wins,
    int Losses,
    decimal? WinRate,
    decimal? ProfitFactor,
    decimal? Expectancy,
    decimal? AverageWin,
    decimal? AverageLoss,
    decimal GrossProfit,
    decimal GrossLoss,
    decimal NetPnl,
    decimal Fees);

/// <summary>
/// A bot over a window (clipped to the bot's start). <see cref="Equity"/> is null when the bot had not started by its end;
/// <see cref="BuyAndHold"/> is null when no reference prices were given or none covers the start.
/// </summary>
public sealed record BotPerformance(
    string BotId,
    TimeWindow Window,
    EquityMetrics? Equity,
    EquityMetrics? BuyAndHold,
    TradeMetrics Trades);

/// <summary>
/// A prompt version over its active window (clipped to the bot's history); <see cref="Equity"/> is null when
/// that window is empty. <see cref="Trades"/> covers the positions opened under the version.
/// </summary>
public sealed record VersionPerformance(
    int Version,
    TimeWindow Window,
    EquityMetrics? Equity,
    TradeMetrics Trades);
