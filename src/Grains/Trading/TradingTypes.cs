using System.Text.Json.Serialization;

namespace Arena.Grains.Trading;

[JsonConverter(typeof(JsonStringEnumConverter<PositionSide>))]
public enum PositionSide
{
    [JsonStringEnumMemberName("LONG")] Long,
    [JsonStringEnumMemberName("SHORT")] Short,
}

[JsonConverter(typeof(JsonStringEnumConverter<DecisionAction>))]
public enum DecisionAction
{
    [JsonStringEnumMemberName("LONG")] Long,
    [JsonStringEnumMemberName("SHORT")] Short,
    [JsonStringEnumMemberName("CLOSE")] Close,
    [JsonStringEnumMemberName("HOLD")] Hold,
}

[JsonConverter(typeof(JsonStringEnumConverter<CloseReason>))]
public enum CloseReason
{
    [JsonStringEnumMemberName("signal")] Signal,
    [JsonStringEnumMemberName("stop_loss")] StopLoss,
    [JsonStringEnumMemberName("take_profit")] TakeProfit,
    [JsonStringEnumMemberName("liquidation")] Liquidation,
    [JsonStringEnumMemberName("reset")] Reset,
    [JsonStringEnumMemberName("import")] Import,
}

/// <summary>A tradable perpetual contract and its exchange precisions (Binance exchangeInfo shape).</summary>
public sealed record SymbolInfo(
    string Symbol,
    string BaseAsset,
    string QuoteAsset,
    int PricePrecision,
    int QuantityPrecision,
    decimal TickSize,
    decimal StepSize,
    decimal MinQuantity,
    decimal MinNotional);

/// <summary>The latest price of a symbol with its rolling 24-hour statistics.</summary>
public sealed record Quote(
    string Symbol,
    decimal Price,
    decimal Open24h,
    decimal High24h,
    decimal Low24h,
    decimal Volume24h,
    DateTimeOffset At)
{
    public decimal Change24hPercent => Open24h == 0 ? 0 : Math.Round((Price - Open24h) / Open24h * 100m, 4);
}

/// <summary>Arena-wide trading rules (admin settings), applied to every decision.</summary>
public sealed record TradingRules(
    decimal MinimumOrder,
    decimal TakerFeeRate,
    decimal SlippageRate,
    int MaxOpenPositions,
    TimeSpan SymbolCooldown,
    decimal MaintenanceMarginRate);

/// <summary>An open (isolated-margin) position as held in a bot's hot state.</summary>
public sealed record OpenPosition(
    long Id,
    string Symbol,
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    int Leverage,
    decimal Margin,
    decimal EntryFee,
    decimal? StopLoss,
    decimal? TakeProfit,
    decimal LiquidationPrice,
    DateTimeOffset OpenedAt,
    int? PromptVersion);

/// <summary>
/// One decision as the provider proposed it, before validation. Every field may be missing or out of
/// range: the validator decides, and records why it refused. <see cref="Confidence"/> (0..1) and <see cref="Horizon"/>
/// ("4h", "90m", or minutes), kept as the text the provider wrote, are optional extras of the signal a decision publishes; they never refuse a decision
/// (<see cref="Signals.SignalRules.Intent"/>).
/// </summary>
public sealed record ProposedDecision(
    string? Action,
    string? Symbol,
    decimal? Size,
    decimal? Leverage,
    decimal? StopLoss,
    decimal? TakeProfit,
    string? Reasoning,
    string? Confidence = null,
    string? Horizon = null);
