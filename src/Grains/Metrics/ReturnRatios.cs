namespace Arena.Grains.Metrics;

/// <summary>
/// Drawdown and the risk-adjusted ratios. Moments are summed in decimal, so a flat series has a
/// standard deviation of exactly zero (a null ratio), not 1e-18 of binary noise; the square roots,
/// powers and the ratios built on them are double.
/// </summary>
public static class ReturnRatios
{
    /// <summary>Crypto trades every calendar day, so a year has 365 daily returns (not 252).</summary>
    public const int DaysPerYear = 365;

    /// <summary>Annualizing fewer days than this multiplies noise into nonsense, so the result is null.</summary>
    public const int MinimumDaysToAnnualize = 7;

    private static readonly double AnnualizationFactor = Math.Sqrt(DaysPerYear);

    /// <summary>
    /// The largest fall from a running peak, over every point in order: max_t (peak_t − E_t) / peak_t.
    /// The peak reported is the last time the running maximum was reached before the trough; on equal
    /// drawdowns the earliest trough wins. Points where the running peak is not positive are skipped.
    /// </summary>
    public static Drawdown MaxDrawdown(IReadOnlyList<EquityPoint> curve)
    {
        EquityPoint? peak = null, worstPeak = null, worstTrough = null;
        var worst = 0m;
        foreach (var point in curve)
        {
            if (peak is null || point.Equity >= peak.Equity)
            {
                peak = point;
                continue;
            }
            if (peak.Equity <= 0)
            {
                continue;
            }
            var fall = (peak.Equity - point.Equity) / peak.Equity;
            if (fall > worst)
            {
                (worst, worstPeak, worstTrough) = (fall, peak, point);
            }
        }
        return new Drawdown(worst, worstPeak, worstTrough);
    }

    /// <summary>mean(r) / s(r) × √365 with the sample standard deviation (n − 1) and a zero risk-free rate.</summary>
    public static double? Sharpe(IReadOnlyList<decimal>? daily)
    {
        if (daily is null || daily.Count < 2)
        {
            return null;
        }
        var mean = daily.Sum() / daily.Count;
        var variance = daily.Sum(r => (r - mean) * (r - mean)) / (daily.Count - 1);
        return variance == 0 ? null : Finite((double)mean / Math.Sqrt((double)variance) * AnnualizationFactor);
    }

    /// <summary>mean(r) / DD × √365 with the downside deviation DD = √(Σ min(r, 0)² / n) over all n returns.</summary>
    public static double? Sortino(IReadOnlyList<decimal>? daily)
    {
        if (daily is null || daily.Count < 2)
        {
            return null;
        }
        var mean = daily.Sum() / daily.Count;
        var downside = daily.Sum(r => r < 0 ? r * r : 0m) / daily.Count;
        return downside == 0 ? null : Finite((double)mean / Math.Sqrt((double)downside) * AnnualizationFactor);
    }

    /// <summary>(E_end / E_start)^(365 / days) − 1; null under a week, for a non-positive start or a negative end.</summary>
    public static double? AnnualizedReturn(EquityPoint start, EquityPoint end)
    {
        var days = (end.At - start.At).TotalDays;
        if (days < MinimumDaysToAnnualize || start.Equity <= 0 || end.Equity < 0)
        {
            return null;
        }
        return Finite(Math.Pow((double)(end.Equity / start.Equity), DaysPerYear / days) - 1);
    }

    /// <summary>Annualized return / max drawdown; null when either is missing or there was no drawdown.</summary>
    public static double? Calmar(double? annualizedReturn, decimal maxDrawdown) =>
        annualizedReturn is { } annual && maxDrawdown > 0 ? Finite(annual / (double)maxDrawdown) : null;

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
