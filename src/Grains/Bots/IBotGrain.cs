using System.Text.Json.Serialization;
using Arena.Grains.Events;
using Arena.Grains.Providers;

namespace Arena.Grains.Bots;

/// <summary>What the admin sends to create a bot.</summary>
[GenerateSerializer, Immutable]
public sealed record BotDefinition(
    [Id(0)] string Id,
    [Id(1)] string DisplayName,
    [Id(2)] string? AvatarUrl,
    [Id(3)] string ProviderId,
    [Id(4)] TradingMode TradingMode,
    [Id(5)] decimal InitialBalance,
    [Id(6)] int MaxLeverage,
    [Id(7)] int? DailyTokenBudget,
    [Id(8)] bool IsActive,
    [Id(9)] string Prompt,
    [Id(10)] string? PromptNote);

/// <summary>A full replacement of a bot's editable configuration (its prompt is versioned separately).</summary>
[GenerateSerializer, Immutable]
public sealed record BotChanges(
    [Id(0)] string DisplayName,
    [Id(1)] string? AvatarUrl,
    [Id(2)] string ProviderId,
    [Id(3)] TradingMode TradingMode,
    [Id(4)] decimal InitialBalance,
    [Id(5)] int MaxLeverage,
    [Id(6)] int? DailyTokenBudget,
    [Id(7)] bool IsActive);

[GenerateSerializer]
public enum BotStatus
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("inactive")] Inactive,
    [JsonStringEnumMemberName("budget_exhausted")] BudgetExhausted,
}

/// <summary>A bot as the admin API shows it: configuration, status and account (never provider secrets).</summary>
[GenerateSerializer, Immutable]
public sealed record BotAdminView(
    [Id(0)] BotConfig Config,
    [Id(1)] BotStatus Status,
    [Id(2)] BotAccount Account,
    [Id(3)] int OpenPositions,
    [Id(4)] int? ActivePromptVersion,
    [Id(5)] long? LatestSummaryId);

[GenerateSerializer, Immutable]
public sealed record PromptVersionView([Id(0)] string BotId, [Id(1)] int Version, [Id(2)] string Prompt, [Id(3)] string? Note, [Id(4)] DateTimeOffset CreatedAt,
    [Id(5)] bool Active);

[GenerateSerializer, Immutable]
public sealed record SummaryView([Id(0)] long Id, [Id(1)] string Summary, [Id(2)] long ThroughDecisionId, [Id(3)] int DecisionsFolded, [Id(4)] DateTimeOffset CreatedAt);

/// <summary>
/// What became of one turn: committed (with its decision row) or not, and when the next one is due. <see cref="Failure"/>
/// says why a committed turn traded nothing (the provider failed, the answer did not parse); <see cref="SkipReason"/>
/// says why there was no turn at all (paused, not due, no market data yet).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TurnReport(
    [Id(0)] bool Committed,
    [Id(1)] long? DecisionId,
    [Id(2)] int Accepted,
    [Id(3)] int Rejected,
    [Id(4)] int OpenPositions,
    [Id(5)] DateTimeOffset NextDueAt,
    [Id(6)] string? Failure,
    [Id(7)] string? SkipReason = null);

[GenerateSerializer, Immutable]
public sealed record RiskReport([Id(0)] int Closed, [Id(1)] int OpenPositions);

/// <summary>
/// One bot, keyed by its id: its configuration and prompt versions (admin commands) and its trading (turns, risk
/// closes, snapshots), serialized in one activation so a pause never interleaves with half a turn. An active bot's
/// activation runs its own turns from a grain timer; <see cref="Cluster.BotKeeper"/> keeps one activated per active bot.
/// </summary>
public interface IBotGrain : IGrainWithStringKey
{
    // Commands take the admin behind them (null for seeding, imports and tests): each write records an
    // admin.changed event in its own transaction (AdminAudit).

    Task<Result<BotAdminView>> Create(BotDefinition definition, AdminActor? by = null);

    Task<BotAdminView?> Get();

    Task<Result<BotAdminView>> Update(BotChanges changes, long? expectedVersion, AdminActor? by = null);

    Task<Result<PromptVersionView>> AddPrompt(string prompt, string? note, AdminActor? by = null);

    Task<Result<BotAdminView>> SetPaused(bool paused, AdminActor? by = null);

    /// <summary>Closes every open position (reason reset) and restores the initial balance; history stays.</summary>
    Task<Result<BotAdminView>> Reset(AdminActor? by = null);

    Task<Result<SummaryView>> ForceSummarize(AdminActor? by = null);

    /// <summary>Deletes a bot that never traded; one with history must be deactivated instead.</summary>
    Task<Result<bool>> Delete(AdminActor? by = null);

    // The engine

    /// <summary>Activates the bot (where the caller's placement hint says); an active bot's activation runs its turns.</summary>
    Task Wake();

    /// <summary>Moves this activation to <paramref name="silo"/> (live migration): the keeper's rebalancing and a graceful stop's handover.</summary>
    Task MoveTo(SiloAddress silo);

    /// <summary>The provider's answer to the turn <paramref name="turnId"/> prepared by this activation's timer.</summary>
    Task<TurnReport> CompleteTurn(Guid turnId, ProviderAnswer answer);

    /// <summary>Runs one turn now, provider call included, if one is due: how tests and tools drive a silo whose engine is off.</summary>
    Task<TurnReport> RunTurn();

    /// <summary>Closes positions whose stop-loss, take-profit or liquidation price the market crossed (the silo's risk monitor asks when a tick crossed one).</summary>
    Task<RiskReport> CheckRisk();

    /// <summary>Records the bot's balance and equity now (its snapshot timer does every snapshot interval).</summary>
    Task<bool> TakeSnapshot();
}
