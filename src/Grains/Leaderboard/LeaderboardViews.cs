using Arena.Grains.Metrics;

namespace Arena.Grains.Leaderboard;

// The figures are the Metrics records themselves (EquityMetrics, TradeMetrics): docs/metrics.md defines every field,
// its rounding and when it is null, so the API cannot drift from the definitions.

/// <summary>The period a board covers: [<see cref="From"/>, <see cref="To"/>]; <see cref="From"/> is null for <c>all</c> (each bot from its own start).</summary>
public sealed record BoardWindow(DateTimeOffset? From, DateTimeOffset To);

/// <summary>
/// One bot on the board. <see cref="Window"/> is the period clipped to the bot's start (its last reset, else its
/// creation); <see cref="EquityCurve"/> covers it, ending at the live equity; <see cref="Trades"/> counts the positions
/// closed and the fees of the fills executed in it. <see cref="Rank"/> is the 1-based place in the requested sort.
/// </summary>
public sealed record LeaderboardRow(
    int Rank,
    string BotId,
    string DisplayName,
    string? AvatarUrl,
    string Status,
    DateTimeOffset StartedAt,
    TimeWindow Window,
    decimal Equity,
    EquityMetrics? EquityCurve,
    TradeMetrics Trades);

/// <summary>
/// The bot-independent reference: <see cref="InitialEquity"/> put into <see cref="Symbol"/> at <see cref="StartPrice"/> (the
/// last recorded price at or before the window's start) and held, without fees, to <see cref="EndPrice"/> (the live quote,
/// else the last recorded price). The curve is valued at the recorded price instants (sampled for long windows) and summarized
/// with the same functions as the bots'.
/// </summary>
public sealed record BuyAndHoldReference(
    string Symbol,
    decimal InitialEquity,
    TimeWindow Window,
    decimal StartPrice,
    decimal EndPrice,
    int Points,
    EquityMetrics EquityCurve);

/// <summary>
/// A leaderboard: every active bot, ranked by <see cref="Sort"/>. Computed at <see cref="ComputedAt"/> (the end of every
/// window) and served to every caller of the same period for <c>Arena:Leaderboard:CacheDuration</c>, then until its
/// recomputation completes.
/// </summary>
public sealed record LeaderboardBoard(
    string Period,
    string Sort,
    DateTimeOffset ComputedAt,
    BoardWindow Window,
    IReadOnlyList<LeaderboardRow> Rows,
    BuyAndHoldReference? BuyAndHold);

/// <summary>
/// A prompt version over its active window (from its creation to the next version's, clipped to the current run):
/// equity figures over that window, trade statistics of the positions opened under it. Never the prompt text.
/// </summary>
public sealed record PromptVersionRow(
    int Version,
    DateTimeOffset CreatedAt,
    bool Active,
    TimeWindow Window,
    EquityMetrics? EquityCurve,
    TradeMetrics Trades);

public sealed record PromptVersionsPerformance(
    string BotId,
    DateTimeOffset ComputedAt,
    DateTimeOffset StartedAt,
    IReadOnlyList<PromptVersionRow> Versions);
