using System.Text.Json.Serialization;
using Arena.Grains.Bots;
using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>Why a quick trade closed (<c>quick_trades.close_reason</c>); the wire names are the stored values.</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<QuickTradeCloseReason>))]
public enum QuickTradeCloseReason
{
    [JsonStringEnumMemberName("manual")] Manual,
    [JsonStringEnumMemberName("stop_loss")] StopLoss,
    [JsonStringEnumMemberName("take_profit")] TakeProfit,
    [JsonStringEnumMemberName("liquidation")] Liquidation,
    [JsonStringEnumMemberName("copy")] Copy,
    [JsonStringEnumMemberName("reset")] Reset,
    [JsonStringEnumMemberName("import")] Import,
}

/// <summary>
/// The user's paper wallet (<c>paper_wallets</c>, the desk aggregate's root). <see cref="Version"/> 0 means the row does
/// not exist yet: the wallet is the starting balance until the first write inserts it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PaperWallet(
    [Id(0)] decimal StartingBalance,
    [Id(1)] decimal Balance,
    [Id(2)] decimal RealizedPnl,
    [Id(3)] decimal FeesPaid,
    [Id(4)] int ResetCount,
    [Id(5)] DateTimeOffset? ResetAt,
    [Id(6)] DateTimeOffset CreatedAt,
    [Id(7)] DateTimeOffset UpdatedAt,
    [Id(8)] long Version)
{
    public bool Stored => Version > 0;

    public static PaperWallet Fresh(decimal startingBalance, DateTimeOffset now) => new(startingBalance, startingBalance, 0m, 0m, 0, null, now, now, 0);
}

/// <summary>Where a quick trade came from: typed by the user (all null), converted from a signal, mirrored by a copy run, or imported.</summary>
[GenerateSerializer, Immutable]
public sealed record TradeOrigin([Id(0)] long? SignalId = null, [Id(1)] Guid? CopyRunId = null, [Id(2)] long? SourcePositionId = null, [Id(3)] string? ExternalId = null)
{
    public static readonly TradeOrigin Manual = new();
}

/// <summary>An order to open a quick trade, parsed (<see cref="DeskRules.ParseOrder"/>): exactly one of quantity and notional.</summary>
[GenerateSerializer, Immutable]
public sealed record TradeOrder(
    [Id(0)] string Symbol,
    [Id(1)] PositionSide Side,
    [Id(2)] decimal? Quantity,
    [Id(3)] decimal? Notional,
    [Id(4)] int Leverage,
    [Id(5)] decimal? StopLoss,
    [Id(6)] decimal? TakeProfit)
{
    /// <summary>The JSON name of the size the order gave, for errors about the size.</summary>
    public string SizeField => Quantity is null ? "notional" : "quantity";
}

/// <summary>One quick trade (<c>quick_trades</c>) as the desk holds it; closed ones only live in rows.</summary>
[GenerateSerializer, Immutable]
public sealed record QuickTrade(
    [Id(0)] Guid Id,
    [Id(1)] string Symbol,
    [Id(2)] PositionSide Side,
    [Id(3)] decimal Quantity,
    [Id(4)] decimal EntryPrice,
    [Id(5)] int Leverage,
    [Id(6)] decimal Margin,
    [Id(7)] decimal EntryFee,
    [Id(8)] decimal? StopLoss,
    [Id(9)] decimal? TakeProfit,
    [Id(10)] decimal LiquidationPrice,
    [Id(11)] DateTimeOffset OpenedAt,
    [Id(12)] TradeOrigin Origin,
    [Id(13)] QuickTradeExit? Exit = null)
{
    public bool IsOpen => Exit is null;

    /// <summary>The trade as the pure isolated-margin rules see a position (they never read its id).</summary>
    public OpenPosition ToPosition() =>
        new(0, Symbol, Side, Quantity, EntryPrice, Leverage, Margin, EntryFee, StopLoss, TakeProfit, LiquidationPrice, OpenedAt, null);
}

/// <summary>How a quick trade closed: <see cref="RealizedPnl"/> is net of both fees (<see cref="PlannedClose.RealizedPnl"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record QuickTradeExit(
    [Id(0)] DateTimeOffset ClosedAt,
    [Id(1)] decimal ExitPrice,
    [Id(2)] decimal ExitFee,
    [Id(3)] decimal RealizedPnl,
    [Id(4)] QuickTradeCloseReason Reason);

/// <summary>Hot state of one user's desk: the wallet and the open quick trades (oldest first).</summary>
public sealed record DeskState(Guid UserId, PaperWallet Wallet, ImmutableList<QuickTrade> Open)
{
    public QuickTrade? FindOpen(Guid tradeId) => Open.Find(t => t.Id == tradeId);

    /// <summary>The user's copy runs, oldest first (runs are desk rows: see CopyRunChanges).</summary>
    public ImmutableList<CopyRun> CopyRuns { get; init; } = [];
}

/// <summary>
/// What the desk's deciders know of the market at one moment: the tradable symbols, their latest quotes, the arena's
/// trading rules and the per-symbol leverage caps. A symbol without a policy is capped at the schema's 125x.
/// </summary>
public sealed record DeskMarket(
    IReadOnlyDictionary<string, SymbolInfo> Symbols,
    IReadOnlyDictionary<string, Quote> Quotes,
    TradingRules Rules,
    IReadOnlyDictionary<string, int> LeverageLimits)
{
    public int LeverageLimit(string symbol) => LeverageLimits.TryGetValue(symbol, out var limit) ? limit : LeveragePolicyStore.MaxLeverage;

    /// <summary>The latest usable price, if any (a non-positive price is a broken feed, not a price).</summary>
    public decimal? PriceOf(string symbol) => Quotes.TryGetValue(symbol, out var quote) && quote.Price > 0 ? quote.Price : null;
}
