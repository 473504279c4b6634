namespace Arena.Grains.Providers;

// What a bot may say about itself when a user chats with it: its public figures only. Built from the public read side
// (PublicBot, PublicDecision, the leaderboard), so nothing here can carry a prompt, a provider's settings, a credential
// or anything about users; adding a field here lets the bot talk about it.

/// <summary>A bot's public face for the agent chat: who it is, how it is doing, what it holds and what it decided lately.</summary>
public sealed record AgentPublicContext(
    string BotId,
    string DisplayName,
    string Status,
    string TradingMode,
    decimal InitialBalance,
    decimal Equity,
    decimal Pnl,
    decimal? Return,
    decimal RealizedPnl,
    decimal UnrealizedPnl,
    int Trades,
    decimal? WinRate,
    AgentRank? Rank,
    IReadOnlyList<AgentPosition> OpenPositions,
    IReadOnlyList<AgentDecision> RecentDecisions);

/// <summary>The bot's place on the all-time leaderboard by return (active bots only).</summary>
public sealed record AgentRank(int Place, int Of);

public sealed record AgentPosition(string Symbol, string Side, decimal Quantity, decimal EntryPrice, int Leverage, decimal? MarkPrice,
    decimal? UnrealizedPnl, decimal? StopLoss, decimal? TakeProfit);

/// <summary>One recent turn, newest first in <see cref="AgentPublicContext.RecentDecisions"/>; <see cref="Error"/> is the public category only.</summary>
public sealed record AgentDecision(long TurnNumber, DateTimeOffset At, bool Success, string? Error, IReadOnlyList<AgentAction> Actions);

/// <summary>A proposal of a turn and what became of it (<c>accepted</c>, <c>rejected</c>, <c>risk_close</c>), with its public reasoning.</summary>
public sealed record AgentAction(string Action, string? Symbol, string Status, string? Reasoning, decimal? RealizedPnl);

/// <summary>An earlier message of the same user with the same bot (<c>user</c> or <c>agent</c>), oldest first in a request.</summary>
public sealed record ChatTurn(string Role, string Content)
{
    public const string UserRole = "user";
    public const string AgentRole = "agent";
}

/// <summary>A user's chat message to a bot, with the bot's public context and the bounded recent history of this user with this bot.</summary>
public sealed record ChatRequest(AgentPublicContext Context, IReadOnlyList<ChatTurn> History, string Message, int MaxReplyTokens);
