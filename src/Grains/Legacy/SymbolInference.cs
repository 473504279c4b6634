using System.Text.RegularExpressions;
using Arena.Grains.Trading;

namespace Arena.Grains.Legacy;

/// <summary>
/// Symbol metadata for symbols that only the legacy blob knows: the quote asset from the name's suffix,
/// precisions from the prices seen. Pure functions.
/// </summary>
public static partial class SymbolInference
{
    /// <summary>Quote assets recognised at the end of a symbol, longest first so USDT wins over USD.</summary>
    public static IReadOnlyList<string> QuoteAssets { get; } = ["FDUSD", "USDT", "USDC", "BUSD", "USD"];

    /// <summary>Exchange floors the engine's order validation expects; Binance USDⓈ-M uses 5 USDT for most contracts.</summary>
    public const decimal MinNotional = 5m;

    /// <summary>Tick sizes finer than this are noise from binary floats in the legacy store (0.1 + 0.2 = 0.30000000000000004).</summary>
    public const int MaxPrecision = 8;

    [GeneratedRegex("^[A-Z0-9]{2,30}$")]
    private static partial Regex SymbolPattern();

    /// <summary>The symbol upper-cased, or null when it is not a contract name ending in a known quote asset.</summary>
    public static string? Normalize(string raw)
    {
        var symbol = raw.Trim().ToUpperInvariant();
        return SymbolPattern().IsMatch(symbol) && QuoteOf(symbol) is not null ? symbol : null;
    }

    public static string? QuoteOf(string symbol) =>
        QuoteAssets.FirstOrDefault(q => symbol.Length > q.Length && symbol.EndsWith(q, StringComparison.Ordinal));

    /// <summary>Decimal places of <paramref name="value"/> without trailing zeros (2.450 has 2).</summary>
    public static int DecimalPlaces(decimal value)
    {
        var normalized = value / 1.000000000000000000000000000000000m;
        return (decimal.GetBits(normalized)[3] >> 16) & 0xFF;
    }

    /// <summary>
    /// Price precision: the most decimal places any observed price has (capped at <see cref="MaxPrecision"/>),
    /// so every legacy price is on the tick. Quantity precision: one quantity step is worth at most one quote
    /// unit at <paramref name="referencePrice"/> (its integer digits: 97000 → 5 places, 2.45 → 1, 0.38 → 0).
    /// </summary>
    public static SymbolImport Infer(string symbol, IEnumerable<decimal> prices, decimal referencePrice)
    {
        var quote = QuoteOf(symbol) ?? throw new ArgumentException($"'{symbol}' has no known quote asset.", nameof(symbol));
        var pricePrecision = Math.Min(MaxPrecision, prices.Append(referencePrice).Max(DecimalPlaces));
        var integerDigits = referencePrice < 1 ? 0 : decimal.Truncate(referencePrice).ToString(CultureInfo.InvariantCulture).Length;
        var quantityPrecision = Math.Min(MaxPrecision, integerDigits);
        var step = Pow10(-quantityPrecision);
        return new SymbolImport(new SymbolInfo(symbol, symbol[..^quote.Length], quote, pricePrecision, quantityPrecision,
            Pow10(-pricePrecision), step, step, MinNotional), referencePrice);
    }

    private static decimal Pow10(int exponent) => new(1, 0, 0, false, (byte)-exponent);
}
