using Arena.Grains.Trading;
using static System.FormattableString;

namespace Arena.Grains.Providers.Rules;

/// <summary>
/// Fading extremes: the z-score of the current price against the mean and standard deviation of recent
/// closes. At or above +<see cref="EntryZ"/> the price is stretched up (SHORT), at or below -EntryZ down
/// (LONG), with the mean as the target; a position is closed once the price is back within
/// <see cref="ExitZ"/> of the mean.
/// </summary>
internal static class MeanReversionStrategy
{
    public const string Name = "mean_reversion";
    public const int Window = 20;
    public const int MinimumCloses = 10;
    public const decimal EntryZ = 2m;
    public const decimal ExitZ = 0.5m;

    // 10 % of the free balance as margin, stop 2.5 % away, target the mean (at least 0.5 %, else 2 %).
    private static readonly EntryStyle Style = new(0.10m, 0.025m, 0.02m);

    public static IReadOnlyList<RuleDecision> Decide(TurnContext context) => SignalPlanner.Plan(context, Read, Style);

    private static SymbolSignal? Read(string symbol, IReadOnlyList<decimal> closes, Quote quote)
    {
        if (closes.Count < MinimumCloses) return null;
        var window = Math.Min(Window, closes.Count);
        var mean = Indicators.Mean(closes, window);
        var deviation = Indicators.StandardDeviation(closes, window);
        if (deviation <= 0) return null;
        var z = decimal.Round((quote.Price - mean) / deviation, 4, MidpointRounding.AwayFromZero);
        PositionSide? enter = z >= EntryZ ? PositionSide.Short : z <= -EntryZ ? PositionSide.Long : null;
        var reading = enter switch
        {
            PositionSide.Short => "stretched above the mean",
            PositionSide.Long => "stretched below the mean",
            _ => Math.Abs(z) <= ExitZ ? "back near the mean" : "within the band",
        };
        var roundedMean = RuleSizing.RoundPrice(mean, quote.Price);
        var why = Invariant($"mean reversion on {symbol}: price {RuleSizing.Price(quote.Price)} vs mean({window}) {RuleSizing.Price(roundedMean)}, z-score {z:0.00} ({reading})");
        return new SymbolSignal(symbol, enter, CloseLong: z >= -ExitZ, CloseShort: z <= ExitZ, Strength: Math.Abs(z), Why: why, Target: roundedMean);
    }
}
