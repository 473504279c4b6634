namespace Arena.Grains.Spectators;

/// <summary>The arena as a spectator sees it (docs/stream-protocol.md, the <c>snapshot</c> message's <c>arena</c>).</summary>
public sealed record ArenaSnapshotContent(
    IReadOnlyList<ArenaBot> Bots,
    IReadOnlyList<ArenaStanding> Standings,
    IReadOnlyList<ArenaPosition> Positions,
    IReadOnlyList<ArenaPrice> Prices);

/// <summary>A bot's public identity. <c>status</c> is <c>running</c>, <c>paused</c> or <c>budget_exhausted</c>, as <c>GET /api/bots</c> says.</summary>
public sealed record ArenaBot(string Id, string DisplayName, string? AvatarUrl, string TradingMode, string Status, decimal InitialBalance);

/// <summary>One leaderboard row, ranked by equity (highest first, ties by bot id).</summary>
public sealed record ArenaStanding(
    int Rank,
    string BotId,
    decimal Equity,
    decimal Balance,
    decimal Pnl,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    int TradeCount,
    int Wins,
    int Losses,
    long TurnCount);

/// <summary>An open position; <c>markPrice</c> and <c>unrealizedPnl</c> are null while its symbol has no price.</summary>
public sealed record ArenaPosition(
    long Id,
    string BotId,
    string Symbol,
    string Side,
    decimal Quantity,
    decimal EntryPrice,
    int Leverage,
    decimal Margin,
    decimal? StopLoss,
    decimal? TakeProfit,
    decimal LiquidationPrice,
    DateTimeOffset OpenedAt,
    decimal? MarkPrice,
    decimal? UnrealizedPnl);

public sealed record ArenaPrice(string Symbol, decimal Price, DateTimeOffset At);
