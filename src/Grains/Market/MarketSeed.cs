using Arena.Grains.Trading;

namespace Arena.Grains.Market;

/// <summary>
/// The demo arena's ten USDT perpetuals, with Binance-like tick and step sizes, starting prices of the order of late
/// 2025, and annualized volatilities typical of each coin (majors about 0.6, large alts 0.75-1.0, memecoins above).
/// Price precision is the tick size's decimals, quantity precision the step size's.
/// </summary>
public static class MarketSeed
{
    public static IReadOnlyList<MarketSymbol> DemoSymbols() =>
    [
        Symbol("BTC", tick: 0.1m, step: 0.001m, minNotional: 20m, initialPrice: 95_000m, volatility: 0.60m),
        Symbol("ETH", tick: 0.01m, step: 0.001m, minNotional: 20m, initialPrice: 3_400m, volatility: 0.75m),
        Symbol("SOL", tick: 0.01m, step: 0.01m, minNotional: 5m, initialPrice: 180m, volatility: 1.00m),
        Symbol("BNB", tick: 0.01m, step: 0.01m, minNotional: 5m, initialPrice: 900m, volatility: 0.60m),
        Symbol("XRP", tick: 0.0001m, step: 0.1m, minNotional: 5m, initialPrice: 2.30m, volatility: 0.90m),
        Symbol("DOGE", tick: 0.00001m, step: 1m, minNotional: 5m, initialPrice: 0.22m, volatility: 1.10m),
        Symbol("ADA", tick: 0.0001m, step: 1m, minNotional: 5m, initialPrice: 0.70m, volatility: 0.90m),
        Symbol("AVAX", tick: 0.001m, step: 0.1m, minNotional: 5m, initialPrice: 25m, volatility: 1.00m),
        Symbol("LINK", tick: 0.001m, step: 0.01m, minNotional: 5m, initialPrice: 18m, volatility: 0.90m),
        Symbol("LTC", tick: 0.01m, step: 0.001m, minNotional: 5m, initialPrice: 95m, volatility: 0.80m),
    ];

    private static MarketSymbol Symbol(string baseAsset, decimal tick, decimal step, decimal minNotional, decimal initialPrice, decimal volatility) =>
        new(new SymbolInfo(baseAsset + "USDT", baseAsset, "USDT", Decimals(tick), Decimals(step), tick, step, step, minNotional),
            initialPrice, volatility);

    /// <summary>How many decimals a power-of-ten size has (0.001 → 3, 1 → 0).</summary>
    public static int Decimals(decimal size) => (decimal.GetBits(size / 1.0000000000000000000000000000m)[3] >> 16) & 0xFF;
}
