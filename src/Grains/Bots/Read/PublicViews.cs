namespace Arena.Grains.Bots.Read;

// What spectators see of the arena. These records are the whole public surface of a bot: nothing here
// carries a prompt, a prompt's context or hash, a raw provider answer, a provider's base URL, model or
// credential, a token budget, or anything about users. Adding a field here publishes it.

/// <summary>The provider a bot asks, as the admin labelled it (the label is the public part; URL, model and key are not).</summary>
public sealed record PublicProvider(string Name, string Kind);

/// <summary>
/// A bot with its live figures. Money is exact; <see cref="Return"/> and <see cref="WinRate"/> are fractions
/// (0.1 = 10%). Equity = balance + Σ (margin + unrealized PnL) of the open positions at this silo's live quotes;
/// <see cref="Pnl"/> and <see cref="Return"/> are measured against the initial balance since <see cref="StartedAt"/>
/// (the last reset, else creation), as are the realized PnL, fees and trade counts.
/// </summary>
public sealed record PublicBot(
    string Id,
    string DisplayName,
    string? AvatarUrl,
    string Status,
    string TradingMode,
    PublicProvider Provider,
    int MaxLeverage,
    int? ActivePromptVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResetAt,
    decimal InitialBalance,
    decimal Balance,
    decimal Equity,
    decimal Pnl,
    decimal? Return,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    decimal Fees,
    int Trades,
    int Wins,
    int Losses,
    decimal? WinRate,
    long Turns,
    DateTimeOffset? LastTurnAt,
    IReadOnlyList<PublicPosition> OpenPositions);

/// <summary>
/// A position. <see cref="MarkPrice"/> and <see cref="UnrealizedPnl"/> are set for open positions whose symbol has a
/// live quote (unrealized PnL is floored at −margin, as in equity); the exit fields only for closed ones.
/// </summary>
public sealed record PublicPosition(
    long Id,
    string Symbol,
    string Side,
    string Status,
    decimal Quantity,
    decimal EntryPrice,
    int Leverage,
    decimal Margin,
    decimal EntryFee,
    decimal? StopLoss,
    decimal? TakeProfit,
    decimal LiquidationPrice,
    DateTimeOffset OpenedAt,
    long? OpenDecisionId,
    int? PromptVersion,
    decimal? MarkPrice,
    decimal? UnrealizedPnl,
    DateTimeOffset? ClosedAt,
    decimal? ExitPrice,
    decimal? ExitFee,
    decimal? RealizedPnl,
    string? CloseReason);

/// <summary>A fill: the entry (<c>LONG</c>/<c>SHORT</c>) or exit (<c>CLOSE</c>) of a position. <see cref="RealizedPnl"/> is net of both fees, on exits.</summary>
public sealed record PublicTrade(
    long Id,
    long? PositionId,
    long? DecisionId,
    string Symbol,
    string Action,
    string Fill,
    decimal Price,
    decimal Quantity,
    decimal Notional,
    int Leverage,
    decimal Fee,
    decimal? RealizedPnl,
    string? Reason,
    int? PromptVersion,
    DateTimeOffset ExecutedAt);

/// <summary>
/// One turn: what the provider proposed and what became of each proposal (<see cref="Actions"/>: the stored
/// <c>decisions_json</c> entries, accepted/rejected with the rejection's code and reason, and risk closes since the
/// previous turn), the engine's notes, and the call's latency and token counts. <see cref="Error"/> is the failure's category only (see
/// <see cref="PublicDecisionError"/>).
/// </summary>
public sealed record PublicDecision(
    long Id,
    long TurnNumber,
    DateTimeOffset CreatedAt,
    int? PromptVersion,
    bool Success,
    string? Error,
    int? LatencyMs,
    int? PromptTokens,
    int? CompletionTokens,
    IReadOnlyList<StoredDecision> Actions,
    IReadOnlyList<string> Notes);

/// <summary>A periodic snapshot of a bot's account, as stored.</summary>
public sealed record PublicSnapshot(
    long Id,
    DateTimeOffset TakenAt,
    decimal Balance,
    decimal Equity,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    int TradeCount,
    decimal? WinRate);
