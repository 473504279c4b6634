using Arena.Grains.Bots;
using Arena.Grains.Market;
using Arena.Grains.Providers;
using Arena.Grains.Trading;

namespace Arena.Grains.Legacy;

// What the writer will insert, decided entirely before the database is touched (pure, unit-tested).
// Rows carry the legacy ids as `ExternalId`, which is what makes a second import a no-op.

/// <summary>The operator's choices: assign every bot to an existing provider, and/or activate the bots.</summary>
public sealed record ImportOptions(string? ProviderId = null, bool Activate = false);

public sealed record ImportPlan(
    IReadOnlyList<BotImport> Bots,
    IReadOnlyList<ProviderImport> Providers,
    IReadOnlyList<SymbolImport> Symbols,
    string? AssignedProviderId,
    int MarketDataIgnored,
    IReadOnlyList<string> Warnings,
    DateTimeOffset ImportedAt);

/// <summary>An inactive <c>legacy-&lt;provider&gt;</c> openai-compatible provider with no credential (an admin adds one later).</summary>
public sealed record ProviderImport(string Id, string Name, string? BaseUrl)
{
    /// <summary>The legacy blob names no model; "unknown" until an admin sets one.</summary>
    public ProviderSettings ToSettings() =>
        ProviderValidation.Defaults(Id, Name, ProviderSettings.OpenAiCompatibleKind) with { BaseUrl = BaseUrl, Model = "unknown", IsActive = false };
}

/// <summary>A symbol only the legacy blob knows, added inactive so its positions have metadata.</summary>
public sealed record SymbolImport(SymbolInfo Info, decimal? InitialPrice)
{
    /// <summary>The legacy blob knows no volatility.</summary>
    public MarketSymbol ToSymbol() => new(Info, InitialPrice, AnnualVolatility: null);
}

public sealed record BotImport(
    string LegacyId,
    string Id,
    string DisplayName,
    string ProviderId,
    string LegacyProviderId,
    decimal InitialBalance,
    int MaxLeverage,
    bool IsActive,
    bool IsPaused,
    string Prompt,
    DateTimeOffset CreatedAt,
    AccountImport Account,
    IReadOnlyList<PositionImport> Positions,
    IReadOnlyList<TradeImport> Trades,
    IReadOnlyList<DecisionImport> Decisions)
{
    public bool Renamed => !string.Equals(LegacyId, Id, StringComparison.Ordinal);

    /// <summary>The <c>bots</c> row: a paper bot created when the legacy one was, changed now.</summary>
    public BotConfig ToConfig(DateTimeOffset importedAt) => new(Id, DisplayName, AvatarUrl: null, ProviderId, TradingMode.Paper, InitialBalance,
        MaxLeverage, DailyTokenBudget: null, IsActive, IsPaused, ActivePromptVersion: 1, Version: 1, CreatedAt, importedAt);
}

public sealed record AccountImport(
    decimal Balance,
    decimal RealizedPnl,
    int TradeCount,
    int Wins,
    int Losses,
    long TurnCount,
    DateTimeOffset? LastTurnAt)
{
    /// <summary>Legacy fees are not known (every imported fee is 0); the token budget starts afresh.</summary>
    public BotAccount ToAccount() => new(Balance, RealizedPnl, FeesPaid: 0m, TradeCount, Wins, Losses, TurnCount, LastTurnAt,
        TokensUsedToday: 0, TokenDay: null, ResetAt: null, Version: 1);
}

/// <summary>A position: closed (an entry paired with its exit) or open (from <c>portfolio.positions</c>). Fees are 0.</summary>
public sealed record PositionImport(
    string ExternalId,
    string Symbol,
    PositionSide Side,
    bool IsOpen,
    decimal Quantity,
    decimal EntryPrice,
    int Leverage,
    decimal Margin,
    decimal? StopLoss,
    decimal? TakeProfit,
    decimal LiquidationPrice,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    decimal? ExitPrice,
    decimal? RealizedPnl);

/// <summary>A fill: one per legacy order. <see cref="PositionExternalId"/> links it to its position, when it has one.</summary>
public sealed record TradeImport(
    string ExternalId,
    string Symbol,
    string Action,
    OrderFill Fill,
    decimal Price,
    decimal Quantity,
    decimal Notional,
    int Leverage,
    decimal? RealizedPnl,
    DateTimeOffset ExecutedAt,
    string? PositionExternalId);

public sealed record DecisionImport(
    string ExternalId,
    long TurnNumber,
    string LegacyProviderId,
    string? PromptContext,
    string? PromptSha256,
    string DecisionsJson,
    string NotesJson,
    bool Success,
    string? Error,
    DateTimeOffset CreatedAt);
