using Arena.Grains.Legacy;
using Arena.Grains.Trading;

namespace Arena.Tests.Legacy;

public sealed class LegacyImportPlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // One bot: XRPUSDT LONG 100 USD at 2.5 (3x) closed at 2.6 for +4; BTCUSDT SHORT 500 USD still open; three logs out of order.
    private const string Json = """
        {"bots": [{
          "id": "Bot Whale!", "name": "Whale", "prompt": "You are Whale.", "provider": "Grok", "tradingMode": "real", "initialBalance": 10000,
          "orders": [
            {"id": "b1", "symbol": "BTCUSDT", "action": "SHORT", "side": "entry", "price": 45000, "size": 500, "leverage": 5, "timestamp": 1730912700000},
            {"id": "x2", "symbol": "XRPUSDT", "action": "CLOSE", "side": "exit", "price": 2.6, "size": 100, "leverage": 3, "timestamp": 1730912400000, "pnl": 4},
            {"id": "x1", "symbol": "XRPUSDT", "action": "LONG", "side": "entry", "price": 2.5, "size": 100, "leverage": 3, "timestamp": 1730912100000, "pnl": 1.5}
          ],
          "botLogs": [
            {"timestamp": 1730912700000, "prompt": "p3", "decisions": [{"action": "short", "symbol": "BTCUSDT", "size": 500, "leverage": 5, "reasoning": "top"}], "notes": ["SUCCESS: opened"]},
            {"timestamp": 1730912400000, "prompt": "p2", "decisions": [], "notes": ["  ERROR: Insufficient balance", "later"]},
            {"timestamp": 1730912100000, "prompt": "p1", "decisions": [{"action": "LONG", "symbol": "XRPUSDT", "size": 100, "leverage": 3, "stopLoss": 2.40, "takeProfit": 2.55, "reasoning": "up"}], "notes": []}
          ],
          "portfolio": {"balance": 9904, "positions": [
            {"id": "pos-b", "symbol": "BTCUSDT", "type": "SHORT", "entryPrice": 45000, "size": 500, "leverage": 5, "stopLoss": 46000}
          ]},
          "realizedPnl": 4, "tradeCount": 8, "winRate": 0.625
        }],
        "marketData": [{"symbol": "BTCUSDT", "price": 45100.25}, {"symbol": "ETHUSDT", "price": 3000}]}
        """;

    private static LegacyState State(string json = Json) => LegacyStateReader.Parse(json).State ?? throw new InvalidOperationException("invalid test blob");

    private static ImportPlan Plan(ImportOptions? options = null, string json = Json) => LegacyImportPlanner.Plan(State(json), options ?? new ImportOptions(), Now);

    [Theory]
    [InlineData("bot_astrologer", "bot_astrologer")]
    [InlineData("Bot_Quant", "bot_quant")]
    [InlineData("Bot Whale!", "bot-whale-")]
    [InlineData("_x", "bot-x")]
    [InlineData("7", "bot-7")]
    public void Valid_bot_ids_are_kept_and_others_normalized(string legacy, string expected)
    {
        Assert.Equal(expected, LegacyIds.BotId(legacy));
        Assert.True(LegacyIds.IsValidBotId(expected));
    }

    [Fact]
    public void A_bot_becomes_an_inactive_paper_bot_on_its_legacy_provider()
    {
        var plan = Plan();

        var bot = Assert.Single(plan.Bots);
        Assert.Equal(("Bot Whale!", "bot-whale-", true), (bot.LegacyId, bot.Id, bot.Renamed));
        Assert.Equal(("legacy-grok", false, 10), (bot.ProviderId, bot.IsActive, bot.MaxLeverage));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1730912100000), bot.CreatedAt);
        Assert.Equal(new ProviderImport("legacy-grok", "Legacy grok (imported)", "https://api.x.ai/v1"), Assert.Single(plan.Providers));
        Assert.Contains("bot-whale-: tradingMode 'real' imported as 'paper' (real trading is switched off in this system)", plan.Warnings);
        Assert.Equal(2, plan.MarketDataIgnored);
    }

    [Fact]
    public void With_provider_and_activate_no_legacy_provider_is_planned()
    {
        var plan = Plan(new ImportOptions("rules-momentum", Activate: true));

        Assert.Empty(plan.Providers);
        Assert.Equal(("rules-momentum", "legacy-grok", true), (plan.Bots[0].ProviderId, plan.Bots[0].LegacyProviderId, plan.Bots[0].IsActive));
    }

    [Theory]
    [InlineData("gemini", "legacy-gemini", "https://generativelanguage.googleapis.com/v1beta/openai/")]
    [InlineData("OpenAI", "legacy-openai", "https://api.openai.com/v1")]
    [InlineData("Mistral Large", "legacy-mistral-large", null)]
    [InlineData(null, "legacy-unknown", null)]
    public void Legacy_providers_get_known_endpoints(string? legacy, string id, string? baseUrl)
    {
        Assert.Equal(id, LegacyIds.ProviderId(legacy));
        Assert.Equal(baseUrl, LegacyIds.ProviderBaseUrl(id));
    }

    [Fact]
    public void A_paired_entry_and_exit_become_a_closed_position_and_two_linked_fills()
    {
        var bot = Plan().Bots[0];

        var closed = bot.Positions.Single(p => !p.IsOpen);
        Assert.Equal(new PositionImport("x1", "XRPUSDT", PositionSide.Long, false, 40m, 2.5m, 3, 33.333333333333m, null, null, 1.679166666667m,
            DateTimeOffset.FromUnixTimeMilliseconds(1730912100000), DateTimeOffset.FromUnixTimeMilliseconds(1730912400000), 2.6m, 4m), closed);
        var entry = bot.Trades.Single(t => t.ExternalId == "x1");
        var exit = bot.Trades.Single(t => t.ExternalId == "x2");
        Assert.Equal(("LONG", OrderFill.Entry, 40m, 100m, (decimal?)null, "x1"), (entry.Action, entry.Fill, entry.Quantity, entry.Notional, entry.RealizedPnl, entry.PositionExternalId));
        Assert.Equal(("CLOSE", OrderFill.Exit, 40m, 104m, (decimal?)4m, "x1"), (exit.Action, exit.Fill, exit.Quantity, exit.Notional, exit.RealizedPnl, exit.PositionExternalId));
        Assert.Equal(["x1", "x2", "b1"], bot.Trades.Select(t => t.ExternalId)); // time order
    }

    [Fact]
    public void An_open_position_comes_from_the_portfolio_and_takes_its_entry_order()
    {
        var bot = Plan().Bots[0];

        var open = bot.Positions.Single(p => p.IsOpen);
        Assert.Equal(("pos-b", PositionSide.Short, 0.011111111111m, 100m, 46000m, (decimal?)null), (open.ExternalId, open.Side, open.Quantity, open.Margin, open.StopLoss, open.TakeProfit));
        Assert.Equal(45000m * (1 + 0.2m - 0.005m), open.LiquidationPrice);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1730912700000), open.OpenedAt);
        Assert.Equal("pos-b", bot.Trades.Single(t => t.ExternalId == "b1").PositionExternalId);
    }

    [Theory]
    [InlineData(PositionSide.Long, 100, 10, 90.5)]
    [InlineData(PositionSide.Short, 100, 10, 109.5)]
    [InlineData(PositionSide.Long, 100, 1, 0.5)]
    [InlineData(PositionSide.Short, 2.5, 3, 3.320833333333)]
    public void Liquidation_prices_use_the_isolated_margin_formula(PositionSide side, double entry, int leverage, double expected)
    {
        Assert.Equal(Math.Round((decimal)expected, 12), Math.Round(LegacyImportPlanner.LiquidationPrice(side, (decimal)entry, leverage), 12));
    }

    [Fact]
    public void The_account_takes_the_legacy_statistics()
    {
        var account = Plan().Bots[0].Account;

        Assert.Equal(new AccountImport(9904m, 4m, 8, 5, 3, 3, DateTimeOffset.FromUnixTimeMilliseconds(1730912700000)), account);
    }

    [Fact]
    public void Missing_statistics_are_derived_from_the_closed_positions()
    {
        var json = Json.Replace("\"realizedPnl\": 4, \"tradeCount\": 8, \"winRate\": 0.625", "\"winRate\": null");
        var account = Plan(json: json).Bots[0].Account;

        Assert.Equal((4m, 1, 1, 0), (account.RealizedPnl, account.TradeCount, account.Wins, account.Losses));
    }

    [Fact]
    public void Decisions_are_numbered_in_time_order_with_the_engine_shape_and_a_failure_rule()
    {
        var decisions = Plan().Bots[0].Decisions;

        Assert.Equal([1L, 2, 3], decisions.Select(d => d.TurnNumber));
        Assert.Equal(["p1", "p2", "p3"], decisions.Select(d => d.PromptContext));
        Assert.Equal("""[{"action":"LONG","symbol":"XRPUSDT","size":100,"leverage":3,"stopLoss":2.40,"takeProfit":2.55,"reasoning":"up","status":"accepted"}]""",
            decisions[0].DecisionsJson);
        Assert.Equal((false, "  ERROR: Insufficient balance"), (decisions[1].Success, decisions[1].Error));
        Assert.Equal("""["  ERROR: Insufficient balance","later"]""", decisions[1].NotesJson);
        Assert.True(decisions[2].Success);
        Assert.Equal(LegacyDecisions.Sha256("p1"), decisions[0].PromptSha256);
        Assert.All(decisions, d => Assert.Matches("^[0-9a-f]{32}$", d.ExternalId));
    }

    [Fact]
    public void Decision_ids_do_not_depend_on_array_order_or_formatting()
    {
        var reordered = JsonNode.Parse(Json)!;
        var logs = reordered["bots"]![0]!["botLogs"]!.AsArray();
        var first = logs[0]!;
        logs.RemoveAt(0);
        logs.Add(first);

        var a = Plan().Bots[0].Decisions.Select(d => (d.ExternalId, d.TurnNumber));
        var b = Plan(json: reordered.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).Bots[0].Decisions.Select(d => (d.ExternalId, d.TurnNumber));
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("ERROR: x", false)]
    [InlineData("Failed to close", false)]
    [InlineData("❌ rejected by risk", false)]
    [InlineData("REJECTED: cooldown", false)]
    [InlineData("✅ Position opened successfully", true)]
    [InlineData("⚠️ Skipped: cooldown", true)]
    [InlineData("Entry price: $2.45 (no error)", true)]
    public void A_turn_failed_when_a_note_starts_with_a_failure_word(string note, bool success)
    {
        Assert.Equal(success, LegacyDecisions.FailureNote(["SUCCESS: first", note]) is null);
    }

    [Fact]
    public void Symbols_get_precisions_from_their_prices()
    {
        var symbols = Plan().Symbols;

        Assert.Equal(["BTCUSDT", "XRPUSDT"], symbols.Select(s => s.Info.Symbol)); // ETHUSDT is only market data
        Assert.Equal(new SymbolImport(new SymbolInfo("BTCUSDT", "BTC", "USDT", 2, 5, 0.01m, 0.00001m, 0.00001m, 5m), 45100.25m), symbols[0]);
        Assert.Equal(new SymbolImport(new SymbolInfo("XRPUSDT", "XRP", "USDT", 1, 1, 0.1m, 0.1m, 0.1m, 5m), 2.6m), symbols[1]);
    }

    [Theory]
    [InlineData(97250.5, 5)]
    [InlineData(2.45, 1)]
    [InlineData(0.38211, 0)]
    [InlineData(1, 1)]
    public void Quantity_steps_are_worth_at_most_one_quote_unit(double price, int precision)
    {
        Assert.Equal(precision, SymbolInference.Infer("XUSDT", [], (decimal)price).Info.QuantityPrecision);
    }

    [Fact]
    public void Planning_is_deterministic()
    {
        var options = new JsonSerializerOptions { IncludeFields = true };
        Assert.Equal(JsonSerializer.Serialize(Plan(), options), JsonSerializer.Serialize(Plan(), options));
    }
}
