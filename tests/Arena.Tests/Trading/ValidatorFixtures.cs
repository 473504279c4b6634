using Arena.Grains.Trading;
using static Arena.Tests.Trading.TradingFixtures;

namespace Arena.Tests.Trading;

/// <summary>A bot with 10000 USDT, no positions, bot max leverage 20x, ETH capped at 10x; SOL is tradable but unquoted.</summary>
internal static class ValidatorFixtures
{
    public static DecisionContext Context(decimal balance = 10000m, params OpenPosition[] positions) => new(
        balance,
        positions,
        Rules,
        BotMaxLeverage: 20,
        LeverageLimits: new Dictionary<string, int> { ["ETHUSDT"] = 10 },
        Symbols: new[] { Btc, Eth, Doge, Sol }.ToDictionary(s => s.Symbol),
        Quotes: new[] { QuoteOf("BTCUSDT", 60000m), QuoteOf("ETHUSDT", 3000m), QuoteOf("DOGEUSDT", 0.1m) }.ToDictionary(q => q.Symbol),
        LastTradeAt: new Dictionary<string, DateTimeOffset>(),
        Now);

    /// <summary>Default: 1000 USDT at 10x, entry 60030, liquidation 54267.2, cost 96.048 + 0.48024.</summary>
    public static ProposedDecision Long(string? symbol = "BTCUSDT", decimal? size = 1000m, decimal? leverage = 10m,
        decimal? stopLoss = 58000m, decimal? takeProfit = 63000m, string action = "LONG") =>
        new(action, symbol, size, leverage, stopLoss, takeProfit, "test");

    /// <summary>Default: 500 USDT of ETH at 5x, entry 2998.5, liquidation 3586.2, cost 99.5502 + 0.2488755.</summary>
    public static ProposedDecision Short(string? symbol = "ETHUSDT", decimal? size = 500m, decimal? leverage = 5m,
        decimal? stopLoss = 3100m, decimal? takeProfit = 2900m) =>
        new("SHORT", symbol, size, leverage, stopLoss, takeProfit, "test");

    public static ProposedDecision Close(string? symbol) => new("CLOSE", symbol, null, null, null, null, "test");

    public static ProposedDecision Hold(string? symbol = null) => new("HOLD", symbol, null, null, null, null, "test");

    public static DecisionVerdict One(ProposedDecision proposal, DecisionContext context) =>
        Assert.Single(DecisionValidator.Validate([proposal], context).Verdicts);
}
