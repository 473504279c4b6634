using Arena.Grains.Bots.Read;
using Arena.Grains.Leaderboard;
using Arena.Grains.Providers;

namespace Arena.Grains.AgentChat;

/// <summary>A bot as the chat needs it: its public context and the provider that answers for it (never shown).</summary>
public sealed record AgentChatBot(AgentPublicContext Context, string ProviderId);

/// <summary>Reads a bot's public context from the public read side (rows and live quotes, never the bot's grain).</summary>
public sealed class AgentContexts(BotReadStore store, PublicBots publicBots, LeaderboardService leaderboard)
{
    /// <summary>Null when no bot has this id. Inactive bots are found too: their public page and history stay readable.</summary>
    public async Task<AgentChatBot?> FindAsync(string botId, CancellationToken cancellationToken = default)
    {
        var ledger = await store.LedgerAsync(botId, cancellationToken);
        if (ledger is null) return null;
        var bot = publicBots.View(ledger, await publicBots.ArenaDailyTokenBudgetAsync(cancellationToken));
        var decisions = await publicBots.DecisionsAsync(botId, null, AgentContextBuilder.RecentDecisions.ToString(CultureInfo.InvariantCulture), cancellationToken);
        var board = await leaderboard.GetAsync("all", "return", cancellationToken);
        return new AgentChatBot(AgentContextBuilder.From(bot, decisions.Value?.Items ?? [], board.Value), ledger.Config.ProviderId);
    }

    public Task<bool> ExistsAsync(string botId, CancellationToken cancellationToken = default) => store.ExistsAsync(botId, cancellationToken);
}
