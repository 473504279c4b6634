using Arena.Grains.Trading;

namespace Arena.Tests.Trading;

/// <summary>Symbols, rules and prices the trading unit tests compute by hand.</summary>
internal static class TradingFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly SymbolInfo Btc = new("BTCUSDT", "BTC", "USDT", 1, 3, TickSize: 0.1m, StepSize: 0.001m, MinQuantity: 0.001m, MinNotional: 5m);
    public static readonly SymbolInfo Eth = new("ETHUSDT", "ETH", "USDT", 2, 3, TickSize: 0.01m, StepSize: 0.001m, MinQuantity: 0.001m, MinNotional: 5m);
    public static readonly SymbolInfo Doge = new("DOGEUSDT", "DOGE", "USDT", 5, 0, TickSize: 0.00001m, StepSize: 1m, MinQuantity: 1m, MinNotional: 5m);
    public static readonly SymbolInfo Sol = new("SOLUSDT", "SOL", "USDT", 2, 2, TickSize: 0.01m, StepSize: 0.01m, MinQuantity: 0.01m, MinNotional: 5m);

    /// <summary>0.05% taker fee, 0.05% slippage, 0.4% maintenance margin, 3 positions, 30 min cooldown, 10 USDT minimum.</summary>
    public static readonly TradingRules Rules = new(
        MinimumOrder: 10m, TakerFeeRate: 0.0005m, SlippageRate: 0.0005m, MaxOpenPositions: 3,
        SymbolCooldown: TimeSpan.FromMinutes(30), MaintenanceMarginRate: 0.004m);

    public static Quote QuoteOf(string symbol, decimal price, decimal? open24h = null) =>
        new(symbol, price, open24h ?? price, price, price, 1000m, Now);

    /// <summary>The worked example: LONG 1000 USDT of BTC at 10x with the market at 60000.</summary>
    public static PlannedOpen BtcLongPlan(int leverage = 10) =>
        PaperExchange.PlanOpen(Btc, 60000m, PositionSide.Long, 1000m, leverage, 58000m, 63000m, Rules).Plan!;

    /// <summary>Entry 60030, qty 0.016, margin 96.048, fee 0.48024, liquidation 54267.2, SL 58000, TP 63000.</summary>
    public static OpenPosition BtcLong(long id = 1) => BtcLongPlan().ToPosition(id, Now.AddHours(-1), 1);

    /// <summary>SHORT 500 USDT of ETH at 5x, market 3000: entry 2998.5, qty 0.166, margin 99.5502, fee 0.2488755, liquidation 3586.2.</summary>
    public static OpenPosition EthShort(long id = 2) =>
        PaperExchange.PlanOpen(Eth, 3000m, PositionSide.Short, 500m, 5, 3100m, 2900m, Rules).Plan!.ToPosition(id, Now.AddHours(-1), 1);
}
