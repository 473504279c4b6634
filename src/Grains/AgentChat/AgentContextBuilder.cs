using Arena.Grains.Bots.Read;
using Arena.Grains.Leaderboard;
using Arena.Grains.Providers;

namespace Arena.Grains.AgentChat;

/// <summary>
/// Builds a bot's <see cref="AgentPublicContext"/> from what the public API already shows (its <see cref="PublicBot"/>, its
/// newest <see cref="PublicDecision"/>s, the leaderboard), so the chat can never tell more than a spectator can read.
/// </summary>
public static class AgentContextBuilder
{
    /// <summary>Turns the chat sees, newest first.</summary>
    public const int RecentDecisions = 5;

    public static AgentPublicContext From(PublicBot bot, IReadOnlyList<PublicDecision> decisions, LeaderboardBoard? board)
    {
        var row = board?.Rows.FirstOrDefault(r => r.BotId == bot.Id);
        return new AgentPublicContext(bot.Id, bot.DisplayName, bot.Status, bot.TradingMode, bot.InitialBalance, bot.Equity, bot.Pnl, bot.Return,
            bot.RealizedPnl, bot.UnrealizedPnl, bot.Trades, bot.WinRate, row is null ? null : new AgentRank(row.Rank, board!.Rows.Count),
            bot.OpenPositions.Select(p => new AgentPosition(p.Symbol, p.Side, p.Quantity, p.EntryPrice, p.Leverage, p.MarkPrice, p.UnrealizedPnl,
                p.StopLoss, p.TakeProfit)).ToArray(),
            decisions.OrderByDescending(d => d.Id).Take(RecentDecisions).Select(d => new AgentDecision(d.TurnNumber, d.CreatedAt, d.Success, d.Error,
                d.Actions.Select(a => new AgentAction(a.Action ?? "?", a.Symbol, a.Status, a.Reasoning, a.RealizedPnl)).ToArray())).ToArray());
    }
}
