using Arena.Grains.AgentChat;
using Arena.Grains.Bots;
using Arena.Grains.Bots.Read;
using Arena.Grains.Common;
using Arena.Grains.Leaderboard;
using Arena.Grains.Metrics;
using Arena.Grains.Providers;
using Arena.Grains.Providers.Rules;

namespace Arena.Tests.Features.Agents;

/// <summary>The agent chat's pure parts: the public context, the persona, the rules reply and the message rules.</summary>
public sealed class AgentContextTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 10, 30, 0, TimeSpan.Zero);

    private static PublicBot Bot(params PublicPosition[] positions) => new("bot-a", "Alpha", null, "active", "paper", new PublicProvider("House LLM", "openai-compatible"),
        10, 3, At.AddDays(-2), At.AddDays(-2), null, 10_000m, 9_000m, 10_250.5m, 250.5m, 0.02505m, 200m, 50.5m, 12m, 4, 3, 1, 0.75m, 42, At, positions);

    private static PublicPosition Long() => new(7, "BTCUSDT", "long", "open", 0.01m, 60_000m, 5, 120m, 0.3m, 58_000m, 65_000m, 48_500m, At, 40, 3, 61_000m, 10m,
        null, null, null, null, null);

    private static PublicDecision Decision(long id, string reasoning) => new(id, id, At.AddMinutes(id), 3, true, null, 900, 1200, 80,
        [new StoredDecision("LONG", "BTCUSDT", 600m, 5m, 58_000m, 65_000m, reasoning, StoredDecision.Accepted, null, null, null, null)], []);

    private static AgentPublicContext Context() => AgentContextBuilder.From(Bot(Long()), [Decision(41, "older"), Decision(42, "momentum is turning up")], null);

    [Fact]
    public void The_context_has_the_public_figures_positions_and_newest_decisions_first()
    {
        var context = AgentContextBuilder.From(Bot(Long()), Enumerable.Range(1, 8).Select(i => Decision(i, "r" + i)).ToArray(), null);
        Assert.Equal(("Alpha", 10_250.5m, 250.5m, 0.75m), (context.DisplayName, context.Equity, context.Pnl, context.WinRate));
        Assert.Equal([8L, 7, 6, 5, 4], context.RecentDecisions.Select(d => d.TurnNumber));
        var position = Assert.Single(context.OpenPositions);
        Assert.Equal(("BTCUSDT", "long", 10m), (position.Symbol, position.Side, position.UnrealizedPnl));
        Assert.Null(context.Rank);
    }

    [Fact]
    public void The_rank_comes_from_the_leaderboard_row_of_the_bot()
    {
        var trades = new TradeMetrics(0, 0, 0, null, null, null, null, null, 0m, 0m, 0m, 0m);
        LeaderboardRow Row(int rank, string id) => new(rank, id, id, null, "active", At, new TimeWindow(At, At), 1m, null, trades);
        var board = new LeaderboardBoard("all", "return", At, new BoardWindow(null, At), [Row(1, "bot-z"), Row(2, "bot-a"), Row(3, "bot-y")], null);
        Assert.Equal(new AgentRank(2, 3), AgentContextBuilder.From(Bot(), [], board).Rank);
        Assert.Contains("#2 of 3", AgentPersona.SystemMessage(AgentContextBuilder.From(Bot(), [], board)));
    }

    [Fact]
    public void The_context_carries_no_prompt_provider_settings_credentials_or_users()
    {
        // The context's whole shape: a field added to it is something the bot can be asked about.
        string[] forbidden = ["prompt", "credential", "key", "secret", "baseurl", "model", "provider", "user", "email", "token", "budget", "hash"];
        var seen = new HashSet<Type>();
        var names = new List<string>();
        void Walk(Type type)
        {
            if (!seen.Add(type) || type.Namespace != "Arena.Grains.Providers") return;
            foreach (var p in type.GetProperties())
            {
                names.Add(type.Name + "." + p.Name);
                Walk(p.PropertyType);
                foreach (var arg in p.PropertyType.GetGenericArguments()) Walk(arg);
            }
        }
        Walk(typeof(AgentPublicContext));
        Assert.Contains("AgentAction.Reasoning", names);
        Assert.DoesNotContain(names, n => forbidden.Any(f => n.Split('.')[1].Contains(f, StringComparison.OrdinalIgnoreCase)));

        var system = AgentPersona.SystemMessage(Context());
        foreach (var leak in new[] { "House LLM", "openai-compatible", "PromptVersion", "1200" }) Assert.DoesNotContain(leak, system);
    }

    [Fact]
    public void The_system_message_is_a_persona_line_then_the_facts()
    {
        var system = AgentPersona.SystemMessage(Context());
        Assert.StartsWith("You are Alpha, an autonomous trading bot", system);
        Assert.Contains("- Status active, paper trading. Equity 10,250.50 USDT from 10,000.00 USDT: PnL +250.50 USDT (+2.51%)", system);
        Assert.Contains("- Open positions: long 0.01 BTCUSDT at 60000 (5x), mark 61000, unrealized +10.00 USDT, stop 58000, target 65000.", system);
        Assert.Contains("- Turn 42 (2025-03-04 11:12 UTC): LONG BTCUSDT — \"momentum is turning up\".", system);
        Assert.True(system.IndexOf("Turn 42", StringComparison.Ordinal) < system.IndexOf("Turn 41", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_reasoning_is_cut()
    {
        var context = AgentContextBuilder.From(Bot(), [Decision(1, new string('r', 1000))], null);
        Assert.Contains(new string('r', AgentPersona.MaxReasoningLength) + "…", AgentPersona.SystemMessage(context));
        Assert.DoesNotContain(new string('r', AgentPersona.MaxReasoningLength + 1), AgentPersona.SystemMessage(context));
    }

    [Fact]
    public void The_rules_reply_is_deterministic_and_answers_the_topic_asked()
    {
        var context = Context();
        Assert.Equal(RulesChatReply.Reply(context, "Why?"), RulesChatReply.Reply(context, "Why?"));
        var positions = RulesChatReply.Reply(context, "What positions are open?");
        Assert.Contains("Open positions: long 0.01 BTCUSDT", positions);
        Assert.DoesNotContain("Turn 42", positions);
        var why = RulesChatReply.Reply(context, "why did you trade?");
        Assert.Contains("My latest turn: Turn 42", why);
        Assert.DoesNotContain("Equity", why);
        var anything = RulesChatReply.Reply(context, "hello");
        Assert.Contains("Turn 42", anything);
        Assert.Contains("Open positions", anything);
        Assert.Contains("Equity 10,250.50", anything);
        Assert.Contains("I have not taken a turn yet.", RulesChatReply.Reply(AgentContextBuilder.From(Bot(), [], null), "why?"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("  \r\n ", false)]
    [InlineData("tab\there", false)]
    [InlineData("zero\u200Bwidth", false)]
    [InlineData("two\r\nlines", true)]
    [InlineData("🚀 to the moon?", true)]
    public void Message_rules(string? message, bool valid)
    {
        var errors = new FieldErrors();
        var text = AgentChatRules.CheckMessage(message, errors);
        Assert.Equal(valid, !errors.Any);
        Assert.Equal(valid, text is not null);
        if (!valid) Assert.True(errors.ToDictionary().ContainsKey("message"));
    }

    [Fact]
    public void The_budget_refuses_from_the_limit_until_the_next_utc_midnight()
    {
        var now = new DateTimeOffset(2025, 3, 4, 22, 0, 0, TimeSpan.Zero);
        Assert.Null(AgentChatRules.CheckBudget(999, 1000, now));
        var refused = AgentChatRules.CheckBudget(1000, 1000, now)!;
        Assert.Equal((RejectionKind.TooManyRequests, TimeSpan.FromHours(2)), (refused.Kind, refused.RetryAfter));
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 0, 0, 0, TimeSpan.Zero), AgentChatRules.DayStart(now.ToOffset(TimeSpan.FromHours(5))));
    }
}
