using Arena.Api.Infrastructure;
using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.Bots;

/// <summary>
/// <c>/api/admin/bots</c>: bot configuration and the admin's controls over a running bot. Reads come from the rows
/// (<see cref="BotQueries"/>); every command is a call on the bot's grain, so it never interleaves with a turn.
/// </summary>
internal static class AdminBotRoutes
{
    public const string Tag = "Admin: bots";

    /// <summary>A command's answer: the bot as it now is.</summary>
    public static Results<Ok<AdminBotView>, ValidationProblem, ProblemHttpResult> Answer(Result<BotAdminView> result) =>
        result.ToHttp(v => TypedResults.Ok(AdminBotView.From(v)));

    public static ProblemHttpResult NoSuchBot() => Rejection.NotFound("No bot has this id.").ToProblem();
}

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
