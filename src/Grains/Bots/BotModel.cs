using System.Text.Json.Serialization;
using Arena.Grains.Providers;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots;

[GenerateSerializer]
public enum TradingMode
{
    [JsonStringEnumMemberName("paper")] Paper,
    [JsonStringEnumMemberName("real")] Real,
}

/// <summary>A <c>bots</c> row: what the admin configures.</summary>
[GenerateSerializer, Immutable]
public sealed record BotConfig(
    [Id(0)] string Id,
    [Id(1)] string DisplayName,
    [Id(2)] string? AvatarUrl,
    [Id(3)] string ProviderId,
    [Id(4)] TradingMode TradingMode,
    [Id(5)] decimal InitialBalance,
    [Id(6)] int MaxLeverage,
    [Id(7)] int? DailyTokenBudget,
    [Id(8)] bool IsActive,
    [Id(9)] bool IsPaused,
    [Id(10)] int? ActivePromptVersion,
    [Id(11)] long Version,
    [Id(12)] DateTimeOffset CreatedAt,
    [Id(13)] DateTimeOffset UpdatedAt);

public sealed record BotPrompt(int Version, string Text, string? Note, DateTimeOffset CreatedAt);

/// <summary>A <c>bot_accounts</c> row: the bot's money and statistics, versioned separately from its configuration.</summary>
[GenerateSerializer, Immutable]
public sealed record BotAccount(
    [Id(0)] decimal Balance,
    [Id(1)] decimal RealizedPnl,
    [Id(2)] decimal FeesPaid,
    [Id(3)] int TradeCount,
    [Id(4)] int Wins,
    [Id(5)] int Losses,
    [Id(6)] long TurnCount,
    [Id(7)] DateTimeOffset? LastTurnAt,
    [Id(8)] int TokensUsedToday,
    [Id(9)] string? TokenDay,
    [Id(10)] DateTimeOffset? ResetAt,
    [Id(11)] long Version)
{
    public decimal? WinRate => TradeCount == 0 ? null : Math.Round((decimal)Wins / TradeCount, 4);
}

public sealed record HistorySummaryRecord(long Id, string Text, long ThroughDecisionId, int DecisionsFolded, DateTimeOffset CreatedAt);

/// <summary>A past decision as the prompt window and the summarizer see it (never the prompt).</summary>
public sealed record DecisionDigest(long Id, long TurnNumber, DateTimeOffset At, bool Success, string DecisionsJson, string NotesJson, string? Error);

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
    int DecisionsSinceSummary,
    DateTimeOffset? LastSnapshotAt);
