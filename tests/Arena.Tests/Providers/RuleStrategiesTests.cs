using Arena.Grains.Providers;
using Arena.Grains.Providers.Rules;
using Arena.Grains.Trading;

namespace Arena.Tests.Providers;

/// <summary>The built-in strategies of the rules provider (pure: context in, answer text out).</summary>
public sealed class RuleStrategiesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Keys = ["action", "symbol", "size", "leverage", "stopLoss", "takeProfit", "reasoning"];

    private static decimal[] Trend(decimal start, decimal stepPercent, int count = 30) =>
        Enumerable.Range(0, count).Select(i => decimal.Round(start * (1m + stepPercent / 100m * i), 4)).ToArray();

    // Alternates 0.1 % above and below the price: no trend, a small deviation.
    private static decimal[] Flat(decimal price, int count = 30) => Enumerable.Range(0, count).Select(i => price * (i % 2 == 0 ? 1.001m : 0.999m)).ToArray();

    private static OpenPosition Position(long id, string symbol, PositionSide side, decimal entry) =>
        new(id, symbol, side, 1m, entry, 3, entry / 3m, 0.05m, null, null, side == PositionSide.Long ? entry * 0.7m : entry * 1.3m, At, null);

    private static TurnContext Context(IDictionary<string, decimal[]> closes, IReadOnlyList<OpenPosition>? positions = null, decimal balance = 10_000m,
        int maxLeverage = 20, int maxOpenPositions = 5, decimal minimumOrder = 50m, string botId = "bot-1", long turn = 7) =>
        new(botId, turn, At, balance, balance, maxLeverage, new TradingRules(minimumOrder, 0.0005m, 0.0002m, maxOpenPositions, TimeSpan.FromMinutes(5), 0.005m),
            positions ?? [],
            closes.ToDictionary(c => c.Key, c => new Quote(c.Key, c.Value[^1], c.Value[0], c.Value.Max(), c.Value.Min(), 1000m, At)),
            closes.ToDictionary(c => c.Key, c => (IReadOnlyList<decimal>)c.Value));

    /// <summary>Parses the answer and checks what every answer must satisfy; returns the decisions.</summary>
    private static JsonObject[] Decide(string strategy, TurnContext context)
    {
        var text = RuleStrategies.Decide(strategy, context);
        Assert.Equal(text, RuleStrategies.Decide(strategy, context));
        var decisions = JsonNode.Parse(text)!["decisions"]!.AsArray().Select(d => d!.AsObject()).ToArray();
        Assert.NotEmpty(decisions);
        var opened = 0;
        foreach (var d in decisions)
        {
            Assert.Equal(Keys, d.Select(p => p.Key));
            Assert.False(string.IsNullOrWhiteSpace(d["reasoning"]!.GetValue<string>()));
            var action = d["action"]!.GetValue<string>();
            if (action is not ("LONG" or "SHORT")) continue;
            opened++;
            var price = context.Quotes[d["symbol"]!.GetValue<string>()].Price;
            var size = d["size"]!.GetValue<decimal>();
            var leverage = d["leverage"]!.GetValue<int>();
            var (stop, take) = (d["stopLoss"]!.GetValue<decimal>(), d["takeProfit"]!.GetValue<decimal>());
            Assert.InRange(leverage, 1, Math.Min(3, context.MaxLeverage));
            Assert.True(size >= context.Rules.MinimumOrder);
            Assert.True(size / leverage + size * context.Rules.TakerFeeRate <= context.Balance);
            if (action == "LONG") Assert.True(stop < price && price < take, $"LONG {stop} < {price} < {take}");
            else Assert.True(take < price && price < stop, $"SHORT {take} < {price} < {stop}");
        }
        Assert.True(context.Positions.Count + opened <= context.Rules.MaxOpenPositions);
        return decisions;
    }

    private static string Action(JsonObject d) => d["action"]!.GetValue<string>();

    private static string? Symbol(JsonObject d) => d["symbol"]?.GetValue<string>();

    [Fact]
    public void Momentum_goes_long_an_uptrend_and_short_a_downtrend()
    {
        var decisions = Decide(MomentumStrategy.Name, Context(new Dictionary<string, decimal[]>
        {
            ["BTCUSDT"] = Trend(60_000m, 0.3m), ["ETHUSDT"] = Trend(3_000m, -0.3m), ["SOLUSDT"] = Flat(150m),
        }));
        Assert.Equal([("LONG", "BTCUSDT"), ("SHORT", "ETHUSDT")], decisions.Select(d => (Action(d), Symbol(d)!)).Order());
        Assert.Contains("uptrend", decisions.Single(d => Action(d) == "LONG")["reasoning"]!.GetValue<string>());
    }

    [Fact]
    public void Momentum_closes_a_position_whose_trend_reversed()
    {
        var decisions = Decide(MomentumStrategy.Name, Context(new Dictionary<string, decimal[]> { ["BTCUSDT"] = Trend(60_000m, -0.2m) },
            [Position(11, "BTCUSDT", PositionSide.Long, 61_000m)]));
        var close = Assert.Single(decisions);
        Assert.Equal(("CLOSE", "BTCUSDT"), (Action(close), Symbol(close)));
        Assert.Null(close["size"]);
    }

    [Fact]
    public void Without_a_signal_or_enough_history_the_answer_is_one_hold_that_says_why()
    {
        var flat = Assert.Single(Decide(MomentumStrategy.Name, Context(new Dictionary<string, decimal[]> { ["BTCUSDT"] = Flat(60_000m) })));
        Assert.Equal("HOLD", Action(flat));
        Assert.Contains("no clear trend", flat["reasoning"]!.GetValue<string>());

        var young = Assert.Single(Decide(MeanReversionStrategy.Name, Context(new Dictionary<string, decimal[]> { ["BTCUSDT"] = Trend(60_000m, 1m, count: 5) })));
        Assert.Equal("HOLD", Action(young));
        Assert.Contains("history", young["reasoning"]!.GetValue<string>());
    }

    // 20 closes alternating 99/101 (the range), then a last close outside or inside it.
    private static decimal[] Range(decimal last) => [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 99m : 101m), last];

    [Fact]
    public void Breakout_goes_long_above_the_range_and_short_below_it_and_holds_inside()
    {
        var decisions = Decide(BreakoutStrategy.Name, Context(new Dictionary<string, decimal[]>
        {
            ["BTCUSDT"] = Range(103m), ["ETHUSDT"] = Range(97m), ["SOLUSDT"] = Range(100m),
        }));
        Assert.Equal([("LONG", "BTCUSDT"), ("SHORT", "ETHUSDT")], decisions.Select(d => (Action(d), Symbol(d)!)).Order());
        Assert.Contains("breakout above the range", decisions.Single(d => Action(d) == "LONG")["reasoning"]!.GetValue<string>());

        var inside = Assert.Single(Decide(BreakoutStrategy.Name, Context(new Dictionary<string, decimal[]> { ["SOLUSDT"] = Range(100.5m) })));
        Assert.Equal("HOLD", Action(inside));
        Assert.Contains("inside the range", inside["reasoning"]!.GetValue<string>());
    }

    [Fact]
    public void Breakout_closes_a_long_that_fell_back_below_the_middle_of_the_range()
    {
        var decisions = Decide(BreakoutStrategy.Name, Context(new Dictionary<string, decimal[]> { ["BTCUSDT"] = Range(99.5m) },
            [Position(5, "BTCUSDT", PositionSide.Long, 102m)]));
        var close = Assert.Single(decisions);
        Assert.Equal(("CLOSE", "BTCUSDT"), (Action(close), Symbol(close)));
    }

    [Fact]
    public void Mean_reversion_fades_a_spike_with_the_mean_as_target()
    {
        var spike = Flat(100m, 19).Append(103m).ToArray();
        var dip = Flat(100m, 19).Append(97m).ToArray();
        var decisions = Decide(MeanReversionStrategy.Name, Context(new Dictionary<string, decimal[]> { ["AAAUSDT"] = spike, ["BBBUSDT"] = dip }));
        var shortSpike = decisions.Single(d => Symbol(d) == "AAAUSDT");
        Assert.Equal("SHORT", Action(shortSpike));
        Assert.InRange(shortSpike["takeProfit"]!.GetValue<decimal>(), 100m, 100.5m);
        Assert.Equal("LONG", Action(decisions.Single(d => Symbol(d) == "BBBUSDT")));
    }

    [Fact]
    public void Mean_reversion_closes_once_the_price_is_back_near_the_mean()
    {
        var decisions = Decide(MeanReversionStrategy.Name, Context(new Dictionary<string, decimal[]> { ["AAAUSDT"] = Flat(100m, 20).Append(100m).ToArray() },
            [Position(3, "AAAUSDT", PositionSide.Short, 103m)]));
        Assert.Equal([("CLOSE", "AAAUSDT")], decisions.Select(d => (Action(d), Symbol(d)!)));
        Assert.Contains("back near the mean", decisions[0]["reasoning"]!.GetValue<string>());
    }

    [Fact]
    public void New_positions_never_exceed_the_open_position_limit_and_take_the_strongest_signals()
    {
        var closes = new Dictionary<string, decimal[]>
        {
            ["AAAUSDT"] = Trend(10m, 0.2m), ["BBBUSDT"] = Trend(10m, 0.6m), ["CCCUSDT"] = Trend(10m, 0.4m), ["DDDUSDT"] = Trend(10m, 0.8m),
        };
        var decisions = Decide(MomentumStrategy.Name, Context(closes, [Position(1, "EEEUSDT", PositionSide.Long, 5m)], maxOpenPositions: 3));
        Assert.Equal(["DDDUSDT", "BBBUSDT"], decisions.Select(d => Symbol(d)!));

        var full = Assert.Single(Decide(MomentumStrategy.Name, Context(closes, [Position(1, "EEEUSDT", PositionSide.Long, 5m)], maxOpenPositions: 1)));
        Assert.Equal("HOLD", Action(full));
        Assert.Contains("slots", full["reasoning"]!.GetValue<string>());
    }

    [Fact]
    public void Leverage_respects_the_bots_maximum_and_a_small_balance_holds_instead_of_overspending()
    {
        var closes = new Dictionary<string, decimal[]> { ["BTCUSDT"] = Trend(60_000m, 0.3m) };
        var capped = Decide(MomentumStrategy.Name, Context(closes, maxLeverage: 1)).Single();
        Assert.Equal(1, capped["leverage"]!.GetValue<int>());

        var minimum = Decide(MomentumStrategy.Name, Context(closes, balance: 100m)).Single();
        Assert.Equal(50m, minimum["size"]!.GetValue<decimal>());

        var poor = Assert.Single(Decide(MomentumStrategy.Name, Context(closes, balance: 10m)));
        Assert.Equal("HOLD", Action(poor));
        Assert.Contains("cannot carry", poor["reasoning"]!.GetValue<string>());
    }

    [Fact]
    public void Random_walk_replays_a_turn_exactly_and_varies_across_turns_and_bots()
    {
        var closes = new Dictionary<string, decimal[]> { ["AAAUSDT"] = Flat(10m), ["BBBUSDT"] = Flat(20m), ["CCCUSDT"] = Flat(0.0123m) };
        var positions = new[] { Position(1, "AAAUSDT", PositionSide.Long, 10m) };
        var turns = Enumerable.Range(1, 40).Select(turn =>
        {
            var context = Context(closes, positions, turn: turn, maxOpenPositions: 2);
            Decide(RandomWalkStrategy.Name, context);
            return RuleStrategies.Decide(RandomWalkStrategy.Name, context);
        }).ToArray();

        Assert.True(turns.Distinct().Count() > 3);
        Assert.Contains(turns, t => t.Contains("\"CLOSE\"", StringComparison.Ordinal));
        Assert.Contains(turns, t => t.Contains("\"LONG\"", StringComparison.Ordinal) || t.Contains("\"SHORT\"", StringComparison.Ordinal));
        var otherBot = Enumerable.Range(1, 40).Select(turn => RuleStrategies.Decide(RandomWalkStrategy.Name, Context(closes, positions, botId: "bot-2", turn: turn, maxOpenPositions: 2)));
        Assert.NotEqual(turns, otherBot);
    }

    [Fact]
    public async Task The_rules_provider_answers_with_the_strategy_text_and_no_tokens()
    {
        var settings = new ProviderSettings("rules-momentum", "Momentum", ProviderSettings.RulesKind, MomentumStrategy.Name, null, null, null,
            TimeSpan.FromSeconds(30), 0, 1, null, null, true, true, 1);
        var context = Context(new Dictionary<string, decimal[]> { ["BTCUSDT"] = Trend(60_000m, 0.3m) });
        using var session = new RulesSession(settings);
        var answer = await session.DecideAsync(new DecisionRequest("prompt", context), default);
        Assert.True(answer.Succeeded);
        Assert.Equal(RuleStrategies.Decide(MomentumStrategy.Name, context), answer.Text);
        Assert.Equal((0, 0), (answer.PromptTokens, answer.CompletionTokens));
    }
}
