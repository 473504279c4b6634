using System.Text.Json.Serialization;
using Arena.Grains.Providers;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

public enum TradingMode
{
    [JsonStringEnumMemberName("paper")] Paper,
    [JsonStringEnumMemberName("real")] Real,
}

/// <summary>A <c>bots</c> row: what the admin configures.</summary>
public sealed record BotConfig(
    string Id,
    string DisplayName,
    string? AvatarUrl,
    string ProviderId,
    TradingMode TradingMode,
    decimal InitialBalance,
    int MaxLeverage,
    int? DailyTokenBudget,
    bool IsActive,
    bool IsPaused,
    int? ActivePromptVersion,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record BotPrompt(int Version, string Text, string? Note, DateTimeOffset CreatedAt);

/// <summary>A <c>bot_accounts</c> row: the bot's money and statistics, versioned separately from its configuration.</summary>
public sealed record BotAccount(
    decimal Balance,
    decimal RealizedPnl,
    decimal FeesPaid,
    int TradeCount,
    int Wins,
    int Losses,
    long TurnCount,
    DateTimeOffset? LastTurnAt,
    int TokensUsedToday,
    string? TokenDay,
    DateTimeOffset? ResetAt,
    long Version)
{
    public decimal? WinRate => TradeCount == 0 ? null : Math.Round((decimal)Wins / TradeCount, 4);
}

public sealed record HistorySummaryRecord(long Id, string Text, long ThroughDecisionId, int DecisionsFolded, DateTimeOffset CreatedAt);

/// <summary>A past decision as the prompt window and the summarizer see it (never the prompt).</summary>
public sealed record DecisionDigest(long Id, long TurnNumber, DateTimeOffset At, bool Success, string DecisionsJson, string NotesJson, string? Error);

/// <summary>A silo's claim on a bot's turn loop; <see cref="Token"/> fences every write made under it.</summary>
public sealed record LeaseGrant(string BotId, string Owner, long Token);

/// <summary>A bot activation's hot state: everything it loads from its rows, replaced (never mutated) after each commit.</summary>
public sealed record BotState(
    BotConfig Config,
    BotPrompt? Prompt,
    ProviderSettings? Provider,
    BotAccount Account,
    ImmutableList<OpenPosition> Positions,
    ImmutableDictionary<string, DateTimeOffset> LastTradeAt,
    ImmutableList<DecisionDigest> RecentDecisions,
    HistorySummaryRecord? Summary,
    int DecisionsSinceSummary);
