using Arena.Grains.Bots;
using Arena.Grains.Trading;
using Arena.Tests.Providers;

namespace Arena.Tests.Bots;

/// <summary>Full turns through the running engine: rules provider, a fake OpenAI-compatible server, the one-transaction write path.</summary>
public abstract class BotTurnTests(Dialect dialect) : ChatEngineTests(dialect)
{
    private const string LongBtc = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":1000,"leverage":5,"stopLoss":95,"takeProfit":110,"reasoning":"breakout test"}]}""";

    private Task<long> Decisions(string bot) => Arena.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @bot", new { bot });

    [Fact]
    public async Task A_rules_bot_takes_turns_and_each_decision_references_its_prompt_version_and_provider()
    {
        var bot = await Arena.CreateBotAsync(await Arena.RulesProviderAsync("random_walk"));
        await EngineHarness.WaitUntilAsync(async () => await Decisions(bot) >= 4, "four decisions");

        var rows = await Arena.QueryAsync<(long Turn, string Provider, long Version, string Sha, bool Success)>(
            "SELECT turn_number, provider_id, prompt_version, prompt_sha256, success FROM bot_decisions WHERE bot_id = @bot ORDER BY id", new { bot });
        Assert.All(rows, r => Assert.Equal(("rules-random-walk", 1L, 64, true), (r.Provider, r.Version, r.Sha.Length, r.Success)));
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Turn));
        Assert.True(await Arena.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'decision.made' AND bot_id = @bot", new { bot }) >= rows.Count);
        await Arena.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task A_turn_against_an_openai_compatible_provider_opens_exactly_the_position_it_decided()
    {
        var scenario = Chat.Scenario((n, ctx) => FakeChatServer.Completion(ctx, n == 1 ? LongBtc : Hold));
        var bot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl));
        await EngineHarness.WaitUntilAsync(async () => await Arena.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot", new { bot }) == 1, "the position");

        // Fill: 100 × (1 + 0.0005 slippage) = 100.05; qty = floor(1000 / 100.05, 0.001) = 9.995; notional 999.99975 → 999.99975000;
        // margin = notional / 5; fee = notional × 0.0005; liquidation = 100.05 × (1 − 1/5 + 0.005) rounded up to the tick.
        var p = (await Arena.QueryAsync<(string Side, decimal Qty, decimal Entry, long Leverage, decimal Margin, decimal Fee, decimal Liq, decimal Sl, decimal Tp)>(
            "SELECT side, quantity, entry_price, leverage, margin, entry_fee, liquidation_price, stop_loss, take_profit FROM positions WHERE bot_id = @bot", new { bot })).Single();
        Assert.Equal(("LONG", 9.995m, 100.05m, 5L), (p.Side, p.Qty, p.Entry, p.Leverage));
        Assert.Equal(199.99995m, p.Margin);
        Assert.Equal(0.49999988m, p.Fee);
        Assert.Equal(80.55m, p.Liq);
        Assert.Equal((95m, 110m), (p.Sl, p.Tp));
        var decision = (await Arena.QueryAsync<(bool Success, long PromptTokens, long CompletionTokens, long Latency)>(
            "SELECT success, prompt_tokens, completion_tokens, latency_ms FROM bot_decisions WHERE bot_id = @bot ORDER BY id LIMIT 1", new { bot })).Single();
        Assert.Equal((true, 120L, 45L), (decision.Success, decision.PromptTokens, decision.CompletionTokens));
        Assert.True(decision.Latency >= 0);
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM trades WHERE bot_id = @bot AND decision_id IS NOT NULL AND fill = 'entry'", new { bot }));
        await Arena.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task The_prompt_a_decision_saw_is_rebuilt_byte_for_byte_from_its_rows()
    {
        var scenario = Chat.Scenario((n, ctx) => FakeChatServer.Completion(ctx, n == 1 ? LongBtc : Hold));
        var bot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl), prompt: "Static persona: trade BTC breakouts.");
        await EngineHarness.WaitUntilAsync(async () => await Decisions(bot) >= 3, "three decisions");

        var sent = scenario.Requests.Select(r => r.Body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>()).ToArray();
        var rows = await Arena.QueryAsync<(string Context, string Sha, string Prompt, string? Summary)>("""
            SELECT d.prompt_context, d.prompt_sha256, p.prompt, s.summary FROM bot_decisions d
            JOIN bot_prompts p ON p.bot_id = d.bot_id AND p.version = d.prompt_version
            LEFT JOIN bot_history_summaries s ON s.id = d.summary_id
            WHERE d.bot_id = @bot ORDER BY d.id
            """, new { bot });
        for (var i = 0; i < Math.Min(sent.Length, rows.Count); i++)
        {
            var rebuilt = PromptComposer.Compose(rows[i].Prompt, rows[i].Summary, rows[i].Context);
            Assert.Equal(sent[i], rebuilt);
            Assert.Equal(rows[i].Sha, PromptComposer.Sha256Hex(rebuilt));
        }
        // The static prompt is stored once, not per decision.
        Assert.DoesNotContain(rows, r => r.Context.Contains("Static persona", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_failing_and_slow_answers_are_failed_decisions_that_trade_nothing()
    {
        var scenario = Chat.Scenario(async (n, ctx) =>
        {
            switch (n)
            {
                case 1: await FakeChatServer.Completion(ctx, "I think you should buy, definitely."); break;
                case 2: await FakeChatServer.Status(ctx, 500, "upstream exploded"); break;
                case 3: await Task.Delay(TimeSpan.FromSeconds(3), ctx.RequestAborted); await FakeChatServer.Completion(ctx, LongBtc); break;
                default: await FakeChatServer.Completion(ctx, Hold); break;
            }
        });
        var bot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl, timeoutSeconds: 1));
        await EngineHarness.WaitUntilAsync(async () => await Decisions(bot) >= 4, "four decisions");

        var first = await Arena.QueryAsync<(bool Success, string? Error, string? Raw)>(
            "SELECT success, error, raw_answer FROM bot_decisions WHERE bot_id = @bot ORDER BY id LIMIT 3", new { bot });
        Assert.All(first, d => Assert.False(d.Success));
        Assert.StartsWith("malformed answer", first[0].Error);
        Assert.Equal("I think you should buy, definitely.", first[0].Raw);
        Assert.Contains("500", first[1].Error);
        Assert.Contains("time", first[2].Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await Arena.CountAsync("SELECT count(*) FROM trades WHERE bot_id = @bot", new { bot }));
        Assert.Equal(10_000m, (await Arena.QueryAsync<decimal>("SELECT balance FROM bot_accounts WHERE bot_id = @bot", new { bot })).Single());
    }

    [Fact]
    public async Task A_providers_error_text_stays_in_the_decision_row_and_never_reaches_the_public_event()
    {
        var scenario = Chat.Scenario((_, ctx) => FakeChatServer.Status(ctx, 500, "internal-gateway-7.corp.example leaked"));
        var bot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl));
        await EngineHarness.WaitUntilAsync(async () => await Decisions(bot) >= 1, "a failed decision");

        Assert.Contains("internal-gateway-7", (await Arena.QueryAsync<string>("SELECT error FROM bot_decisions WHERE bot_id = @bot", new { bot }))[0]);
        var payloads = await Arena.QueryAsync<string>("SELECT payload FROM activity_events WHERE bot_id = @bot AND visibility = 'public'", new { bot });
        Assert.NotEmpty(payloads);
        Assert.All(payloads, p => Assert.DoesNotContain("internal-gateway-7", p));
    }

    [Fact]
    public async Task An_answer_wrapped_in_prose_is_repaired_once_and_executed()
    {
        var scenario = Chat.Scenario((n, ctx) => FakeChatServer.Completion(ctx, n == 1 ? $"Here is my call:\n```json\n{LongBtc}\n```\nGood luck!" : Hold));
        var bot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl));
        await EngineHarness.WaitUntilAsync(async () => await Arena.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot", new { bot }) == 1, "the position");

        var notes = (await Arena.QueryAsync<string>("SELECT notes_json FROM bot_decisions WHERE bot_id = @bot ORDER BY id LIMIT 1", new { bot })).Single();
        Assert.Contains("repaired", notes);
    }

    [Fact]
    public async Task Refused_decisions_are_recorded_with_their_reasons_and_trade_nothing()
    {
        const string answer = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":1000,"leverage":50,"stopLoss":95,"takeProfit":110,"reasoning":"too much"},{"action":"SHORT","symbol":"NOPEUSDT","size":100,"leverage":2,"stopLoss":2,"takeProfit":1,"reasoning":"no such coin"}]}""";
        var scenario = Chat.Scenario((n, ctx) => FakeChatServer.Completion(ctx, n == 1 ? answer : Hold));
        var bot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl), maxLeverage: 10);
        await EngineHarness.WaitUntilAsync(async () => await Decisions(bot) >= 1, "a decision");

        var stored = StoredDecision.Deserialize((await Arena.QueryAsync<string>("SELECT decisions_json FROM bot_decisions WHERE bot_id = @bot ORDER BY id LIMIT 1", new { bot })).Single());
        Assert.Equal(new[] { ("rejected", "leverage_exceeds_limit"), ("rejected", "unknown_symbol") }, stored.Select(s => (s.Status, s.Code ?? "")));
        Assert.All(stored, s => Assert.False(string.IsNullOrEmpty(s.Reason)));
        Assert.Equal(0, await Arena.CountAsync("SELECT count(*) FROM trades WHERE bot_id = @bot", new { bot }));
    }

    [Fact]
    public async Task A_slow_provider_delays_only_its_own_bot_and_its_turns_never_overlap()
    {
        var slow = Chat.Scenario(async (_, ctx) => { await Task.Delay(1500, ctx.RequestAborted); await FakeChatServer.Completion(ctx, Hold); });
        var slowBot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(slow.BaseUrl, timeoutSeconds: 10));
        var fastBot = await Arena.CreateBotAsync(await Arena.RulesProviderAsync("random_walk"));
        await EngineHarness.WaitUntilAsync(async () => await Decisions(slowBot) >= 2, "two slow decisions");

        Assert.True(await Decisions(fastBot) > 4, "the fast bot kept taking turns while the slow one waited");
        Assert.Equal(1, slow.MaxInFlight);
        var turns = await Arena.QueryAsync<long>("SELECT turn_number FROM bot_decisions WHERE bot_id = @slowBot ORDER BY id", new { slowBot });
        Assert.Equal(Enumerable.Range(1, turns.Count).Select(i => (long)i), turns);
    }

    [Fact]
    public async Task A_daily_token_budget_stops_provider_calls_once_spent()
    {
        var scenario = Chat.Scenario((_, ctx) => FakeChatServer.Completion(ctx, Hold)); // 165 tokens a call
        var bot = await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl), dailyTokenBudget: 300);
        await EngineHarness.WaitUntilAsync(async () => await Arena.CountAsync(
            "SELECT count(*) FROM activity_events WHERE type = 'bot.budget_exhausted' AND bot_id = @bot", new { bot }) == 1, "the budget event");
        await Task.Delay(600); // three more turn intervals

        Assert.Equal(2, scenario.Calls);
        Assert.Equal(BotStatus.BudgetExhausted, (await Arena.Grains.GetGrain<IBotGrain>(bot).Get())!.Status);
        Assert.Equal("admin", (await Arena.QueryAsync<string>("SELECT visibility FROM activity_events WHERE type = 'bot.budget_exhausted'")).Single());
    }
}

public sealed class BotTurnTestsOnSqlite() : BotTurnTests(Dialect.Sqlite);

public sealed class BotTurnTestsOnPostgres() : BotTurnTests(Dialect.Postgres);
