using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.Bots;

public sealed record BotAccountView(
    decimal Balance, decimal RealizedPnl, decimal FeesPaid, int TradeCount, int Wins, int Losses, decimal? WinRate,
    long TurnCount, DateTimeOffset? LastTurnAt, int TokensUsedToday, DateTimeOffset? ResetAt);

/// <summary>
/// A bot as the admin API shows it: its configuration (with the <c>version</c> a PUT must send back), its status
/// and an account summary. Prompts are not part of it (see <c>/api/admin/bots/{id}/prompts</c>).
/// </summary>
public sealed record AdminBotView(
    string Id, string DisplayName, string? AvatarUrl, string ProviderId, TradingMode TradingMode, decimal InitialBalance, int MaxLeverage,
    int? DailyTokenBudget, bool IsActive, bool IsPaused, BotStatus Status, int? ActivePromptVersion, long Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, BotAccountView Account, int OpenPositions, long? LatestSummaryId)
{
    public static AdminBotView From(BotAdminView v)
    {
        var (c, a) = (v.Config, v.Account);
        return new AdminBotView(c.Id, c.DisplayName, c.AvatarUrl, c.ProviderId, c.TradingMode, c.InitialBalance, c.MaxLeverage, c.DailyTokenBudget,
            c.IsActive, c.IsPaused, v.Status, v.ActivePromptVersion, c.Version, c.CreatedAt, c.UpdatedAt,
            new BotAccountView(a.Balance, a.RealizedPnl, a.FeesPaid, a.TradeCount, a.Wins, a.Losses, a.WinRate, a.TurnCount, a.LastTurnAt,
                a.TokensUsedToday, a.ResetAt),
            v.OpenPositions, v.LatestSummaryId);
    }
}

/// <summary>
/// A new bot with its first prompt (version 1). <c>tradingMode</c> defaults to <c>paper</c> and <c>isActive</c>
/// to true; <c>real</c> is refused until the exchange adapter exists.
/// </summary>
public sealed record CreateBotRequest(
    string? Id, string? DisplayName, string? AvatarUrl, string? ProviderId, TradingMode? TradingMode, decimal? InitialBalance,
    int? MaxLeverage, int? DailyTokenBudget, bool? IsActive, string? Prompt, string? PromptNote)
{
    public BotDefinition ToDefinition() => new(Id ?? "", DisplayName ?? "", AvatarUrl, ProviderId ?? "", TradingMode ?? Grains.Bots.TradingMode.Paper,
        InitialBalance ?? 0m, MaxLeverage ?? 0, DailyTokenBudget, IsActive ?? true, Prompt ?? "", PromptNote);
}

/// <summary>
/// A full replacement of a bot's configuration, based on the <c>version</c> the admin read. Pausing and prompts
/// have their own endpoints. <c>avatarUrl</c> and <c>dailyTokenBudget</c> may be null (none; the arena's budget).
/// </summary>
public sealed record UpdateBotRequest(
    long? Version, string? DisplayName, string? AvatarUrl, string? ProviderId, TradingMode? TradingMode, decimal? InitialBalance,
    int? MaxLeverage, int? DailyTokenBudget, bool? IsActive)
{
    /// <summary>The changes, or null with the missing fields named (a replacement leaves nothing to a default).</summary>
    public BotChanges? ToChanges(Grains.Common.FieldErrors errors)
    {
        errors.Require(TradingMode is not null, "tradingMode", "Trading mode is required: 'paper' or 'real'.")
            .Require(InitialBalance is not null, "initialBalance", "Initial balance is required.")
            .Require(MaxLeverage is not null, "maxLeverage", "Max leverage is required.")
            .Require(IsActive is not null, "isActive", "isActive is required.");
        if (!errors.Any)
            return new BotChanges(DisplayName ?? "", AvatarUrl, ProviderId ?? "", TradingMode!.Value, InitialBalance!.Value, MaxLeverage!.Value, DailyTokenBudget, IsActive!.Value);
        // Name the other invalid fields too, with neutral stand-ins for the missing ones.
        BotRules.CheckConfig(DisplayName, AvatarUrl, ProviderId, TradingMode ?? Grains.Bots.TradingMode.Paper, InitialBalance ?? 1m, MaxLeverage ?? 1, DailyTokenBudget, errors);
        return null;
    }
}
