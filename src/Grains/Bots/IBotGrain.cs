using System.Text.Json.Serialization;
using Arena.Grains.Events;
using Arena.Grains.Providers;

namespace Arena.Grains.Bots;

/// <summary>What the admin sends to create a bot.</summary>
public sealed record BotDefinition(
    string Id,
    string DisplayName,
    string? AvatarUrl,
    string ProviderId,
    TradingMode TradingMode,
    decimal InitialBalance,
    int MaxLeverage,
    int? DailyTokenBudget,
    bool IsActive,
    string Prompt,
    string? PromptNote);

/// <summary>A full replacement of a bot's editable configuration (its prompt is versioned separately).</summary>
public sealed record BotChanges(
    string DisplayName,
    string? AvatarUrl,
    string ProviderId,
    TradingMode TradingMode,
    decimal InitialBalance,
    int MaxLeverage,
    int? DailyTokenBudget,
    bool IsActive);

public enum BotStatus
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("inactive")] Inactive,
    [JsonStringEnumMemberName("budget_exhausted")] BudgetExhausted,
}

/// <summary>A bot as the admin API shows it: configuration, status and account (never provider secrets).</summary>
public sealed record BotAdminView(
    BotConfig Config,
    BotStatus Status,
    BotAccount Account,
    int OpenPositions,
    int? ActivePromptVersion,
    long? LatestSummaryId);

public sealed record PromptVersionView(string BotId, int Version, string Prompt, string? Note, DateTimeOffset CreatedAt, bool Active);

public sealed record SummaryView(long Id, string Summary, long ThroughDecisionId, int DecisionsFolded, DateTimeOffset CreatedAt);

/// <summary>A turn ready for its provider call, made outside the grain so a slow provider never blocks the bot's other calls.</summary>
public sealed record PreparedTurn(Guid TurnId, IProviderSession Session, DecisionRequest Request);

/// <summary>Either a plan, or why there is no turn now and when to ask again.</summary>
public sealed record TurnPreparation(PreparedTurn? Plan, DateTimeOffset NextDueAt, string? SkipReason);

public sealed record TurnReport(bool Committed, long? DecisionId, int Accepted, int Rejected, int OpenPositions, DateTimeOffset NextDueAt, string? Failure);

public sealed record RiskReport(int Closed, int OpenPositions);

/// <summary>
/// One bot: its configuration, prompt versions and trading state. Admin commands and the turn loop
/// are calls on this grain, so they are serialized: a pause can never interleave with half a turn.
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

    Task<TurnPreparation> PrepareTurn(LeaseGrant lease);

    Task<TurnReport> CompleteTurn(Guid turnId, ProviderAnswer answer);

    /// <summary>Closes positions whose stop-loss, take-profit or liquidation price the market crossed.</summary>
    Task<RiskReport> CheckRisk(LeaseGrant lease);

    Task<bool> TakeSnapshot(LeaseGrant lease);

    /// <summary>This silo no longer runs the bot: drop the activation (and its provider session).</summary>
    Task Release();

    /// <summary>Another silo committed configuration version <paramref name="version"/>.</summary>
    Task ObserveConfigVersion(long version);
}
