namespace Arena.Grains.Providers.Rules;

/// <summary>
/// How a <c>rules</c> bot answers a chat message: offline, no model, the same reply for the same context and message. The
/// message picks the topics by keyword (positions, decisions, performance); a message that names none gets all three. Only
/// <see cref="AgentPersona"/>'s public fact lines are quoted, so the reply can say nothing the public API does not.
/// </summary>
public static class RulesChatReply
{
    private static readonly string[] PositionWords = ["position", "holding", "hold", "open", "exposure", "long", "short"];
    private static readonly string[] DecisionWords = ["why", "decision", "decide", "trade", "reason", "plan", "doing", "last"];
    private static readonly string[] PerformanceWords = ["pnl", "profit", "loss", "equity", "perform", "return", "rank", "leaderboard", "win", "balance"];

    public static string Reply(AgentPublicContext context, string message)
    {
        var asked = message.ToLowerInvariant();
        var positions = Mentions(asked, PositionWords);
        var decisions = Mentions(asked, DecisionWords);
        var performance = Mentions(asked, PerformanceWords);
        if (!positions && !decisions && !performance) positions = decisions = performance = true;

        var reply = new StringBuilder().Append("I am ").Append(context.DisplayName).Append(", a rules-based bot.");
        if (decisions)
            reply.Append(' ').Append(context.RecentDecisions.Count == 0
                ? "I have not taken a turn yet."
                : "My latest turn: " + AgentPersona.Decision(context.RecentDecisions[0]));
        if (positions) reply.Append(' ').Append(AgentPersona.Positions(context));
        if (performance) reply.Append(' ').Append(AgentPersona.Standing(context));
        return reply.ToString();
    }

    private static bool Mentions(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));
}
