using System.Text.Json.Serialization;
using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>A copy run's state (docs/trading-desk.md, "Copy trading"): draft → active ⇄ paused → stopped (final).</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<CopyRunStatus>))]
public enum CopyRunStatus
{
    [JsonStringEnumMemberName("draft")] Draft,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("stopped")] Stopped,
}

[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<CopySizingMode>))]
public enum CopySizingMode
{
    [JsonStringEnumMemberName("proportional")] Proportional,
    [JsonStringEnumMemberName("fixed")] Fixed,
}

/// <summary>How big a mirror is: a fraction of the bot fill's notional, or a fixed notional in USDT.</summary>
[GenerateSerializer, Immutable]
public sealed record CopySizing([Id(0)] CopySizingMode Mode, [Id(1)] decimal? Fraction, [Id(2)] decimal? Notional);

/// <summary>The limits a follower puts on a run; validated by <see cref="CopyRunRules.Check"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record CopyRunSettings(
    [Id(0)] CopySizing Sizing,
    [Id(1)] int MaxLeverage,
    [Id(2)] int MaxOpenPositions,
    [Id(3)] int PriceToleranceBps,
    [Id(4)] ImmutableArray<string>? Symbols);

/// <summary>A draft as the client sent it (every member may be missing or wrong: the rules say which).</summary>
[GenerateSerializer, Immutable]
public sealed record CopyRunDraft(
    [Id(0)] string? BotId,
    [Id(1)] string? SizingMode,
    [Id(2)] decimal? Fraction,
    [Id(3)] decimal? Notional,
    [Id(4)] int? MaxLeverage,
    [Id(5)] int? MaxOpenPositions,
    [Id(6)] int? PriceToleranceBps,
    [Id(7)] IReadOnlyList<string?>? Symbols,
    [Id(8)] string? ExternalId = null);

/// <summary>One copy run (a <c>copy_trade_runs</c> row), held in its owner's desk.</summary>
[GenerateSerializer, Immutable]
public sealed record CopyRun(
    [Id(0)] Guid Id,
    [Id(1)] string BotId,
    [Id(2)] CopyRunStatus Status,
    [Id(3)] CopyRunSettings Settings,
    [Id(4)] string? ExternalId,
    [Id(5)] long? AfterTradeId,
    [Id(6)] DateTimeOffset CreatedAt,
    [Id(7)] DateTimeOffset? PublishedAt,
    [Id(8)] DateTimeOffset UpdatedAt,
    [Id(9)] DateTimeOffset? StoppedAt)
{
    /// <summary>Whether a bot fill with this trade id is one this run follows (only fills after the publish).</summary>
    public bool Follows(long tradeId) => AfterTradeId is { } after && tradeId > after;
}

/// <summary>Entry (the bot opened a position) or exit (it closed or was liquidated).</summary>
[GenerateSerializer]
public enum CopyFillKind { Entry, Exit }

/// <summary>One bot fill as the outbox told it (trade.opened, trade.closed, position.liquidated), to mirror into a run.</summary>
[GenerateSerializer, Immutable]
public sealed record CopyFill(
    [Id(0)] long Seq,
    [Id(1)] string BotId,
    [Id(2)] CopyFillKind Kind,
    [Id(3)] long TradeId,
    [Id(4)] long PositionId,
    [Id(5)] string Symbol,
    [Id(6)] PositionSide Side,
    [Id(7)] decimal Quantity,
    [Id(8)] decimal Price,
    [Id(9)] int Leverage,
    [Id(10)] decimal? StopLoss,
    [Id(11)] decimal? TakeProfit,
    [Id(12)] bool Liquidation)
{
    /// <summary>The fill's notional at the bot's fill price.</summary>
    public decimal Notional => Money.Round(Quantity * Price);
}

/// <summary>Why a run did not mirror a fill (the ledger's <c>reason</c>, and <c>copy.skipped</c>'s).</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<MirrorSkip>))]
public enum MirrorSkip
{
    [JsonStringEnumMemberName("price_moved")] PriceMoved,
    [JsonStringEnumMemberName("no_price")] NoPrice,
    [JsonStringEnumMemberName("insufficient_margin")] InsufficientMargin,
    [JsonStringEnumMemberName("max_open_positions")] MaxOpenPositions,
    [JsonStringEnumMemberName("symbol_not_followed")] SymbolNotFollowed,
    [JsonStringEnumMemberName("refused")] Refused,
    [JsonStringEnumMemberName("already_closed")] AlreadyClosed,
}

/// <summary>What a run did with a fill: the ledger row's outcome, or <c>ignored</c> when it recorded nothing.</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<MirrorResult>))]
public enum MirrorResult
{
    [JsonStringEnumMemberName("mirrored")] Mirrored,
    [JsonStringEnumMemberName("skipped")] Skipped,
    [JsonStringEnumMemberName("ignored")] Ignored,
}

/// <summary>
/// The answer of <c>MirrorFill</c>: <see cref="Duplicate"/> when the ledger already held this fill for this run (a
/// retry or another silo), in which case nothing was written and the recorded outcome is returned.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MirrorOutcome(
    [Id(0)] Guid RunId,
    [Id(1)] long SourceTradeId,
    [Id(2)] MirrorResult Result,
    [Id(3)] string? Reason,
    [Id(4)] Guid? QuickTradeId,
    [Id(5)] bool Duplicate);
