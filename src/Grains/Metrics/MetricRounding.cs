namespace Arena.Grains.Metrics;

/// <summary>
/// The one place outputs are rounded (half away from zero). Intermediate values are never rounded:
/// a profit factor divides exact sums, a Calmar divides the unrounded return by the unrounded drawdown.
/// Exact money (PnL, sums of fees and of PnL) is not rounded at all.
/// </summary>
public static class MetricRounding
{
    /// <summary>Return, drawdown, win rate, annualized return: 0.123457 = 12.3457%.</summary>
    public const int FractionDecimals = 6;

    /// <summary>Sharpe, Sortino, Calmar, profit factor.</summary>
    public const int RatioDecimals = 4;

    /// <summary>Money that comes out of a division (expectancy, averages, the buy-and-hold curve): 8, as USDT on exchanges.</summary>
    public const int MoneyDecimals = 8;

    public static decimal Fraction(decimal value) => Math.Round(value, FractionDecimals, MidpointRounding.AwayFromZero);

    public static decimal? Fraction(decimal? value) => value is { } v ? Fraction(v) : null;

    public static double? Fraction(double? value) => value is { } v ? Math.Round(v, FractionDecimals, MidpointRounding.AwayFromZero) : null;

    public static decimal? Ratio(decimal? value) => value is { } v ? Math.Round(v, RatioDecimals, MidpointRounding.AwayFromZero) : null;

    public static double? Ratio(double? value) => value is { } v ? Math.Round(v, RatioDecimals, MidpointRounding.AwayFromZero) : null;

    public static decimal Money(decimal value) => Math.Round(value, MoneyDecimals, MidpointRounding.AwayFromZero);

    public static decimal? Money(decimal? value) => value is { } v ? Money(v) : null;
}
