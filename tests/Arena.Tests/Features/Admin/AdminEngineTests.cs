using Arena.Grains.Bots;
using Arena.Tests.Bots;
using Arena.Tests.Providers;

namespace Arena.Tests.Features.Admin;

/// <summary>An engine silo whose turns the tests drive one at a time (nothing trades in the background), and a fake LLM.</summary>
public abstract class AdminEngineArena(Dialect dialect) : IAsyncLifetime
{
    private TestUser? admin;

    public EngineHarness Engine { get; private set; } = null!;

    public FakeChatServer Chat { get; private set; } = null!;

    public async Task<TestUser> AdminAsync() => admin ??= await Engine.Server.RegisterAdminAsync();

    public async Task InitializeAsync()
    {
        Engine = await EngineHarness.StartAsync(dialect, runEngine: false,
            settings: new Dictionary<string, string?> { [Arena.Grains.Secrets.MasterKey.Variable] = VaultArena.NewMasterKey() });
        Chat = await FakeChatServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Chat.DisposeAsync();
    }
}

public sealed class SqliteAdminEngineArena() : AdminEngineArena(Dialect.Sqlite);

public sealed class PostgresAdminEngineArena() : AdminEngineArena(Dialect.Postgres);

/// <summary>Admin commands through HTTP change what the engine does next: real turns, real fills, real validation.</summary>
public abstract class AdminEngineTests(AdminEngineArena arena)
{
    private const string Hold = """{"decisions":[{"action":"HOLD","reasoning":"waiting"}]}""";
    private const string LongBtcAt5x = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":1000,"leverage":5,"stopLoss":95,"takeProfit":110,"reasoning":"test"}]}""";

    private EngineHarness Engine => arena.Engine;

    /// <summary>Runs the bot's next turn as soon as it is due.</summary>
    private async Task<TurnReport> TurnAsync(string bot)
    {
        TurnReport? report = null;
        await EngineHarness.WaitUntilAsync(async () => (report = await Engine.RunTurnAsync(bot)) is not null, $"a due turn of {bot}", 10);
        return report!;
    }

    private Task<long> OpenPositionsAsync(string bot) => Engine.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot AND status = 'open'", new { bot });

    /// <summary>A random-walk bot created through the API that has traded until it holds at least one open position.</summary>
    private async Task<string> TradingBotAsync(TestUser admin)
    {
        var bot = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync("random_walk")))["id"]!.GetValue<string>();
        for (var turn = 0; turn < 40 && await OpenPositionsAsync(bot) == 0; turn++) await TurnAsync(bot);
        Assert.True(await OpenPositionsAsync(bot) > 0, "the random walk opened no position in 40 turns");
        return bot;
    }

    [Fact]
    public async Task Reset_through_http_closes_every_open_position_and_restores_the_initial_balance()
    {
        var admin = await arena.AdminAsync();
        var bot = await TradingBotAsync(admin);
        var open = await OpenPositionsAsync(bot);
        Assert.NotEqual(10_000m, (await (await admin.Client.GetAsync($"/api/admin/bots/{bot}")).AssertOkJsonAsync())["account"]!["balance"]!.GetValue<decimal>());

        var reset = await (await admin.Client.PostAsync($"/api/admin/bots/{bot}/reset", null)).AssertOkJsonAsync();
        Assert.Equal((10_000m, 0, 0m, 0), (reset["account"]!["balance"]!.GetValue<decimal>(), reset["openPositions"]!.GetValue<int>(),
            reset["account"]!["realizedPnl"]!.GetValue<decimal>(), reset["account"]!["tradeCount"]!.GetValue<int>()));
        Assert.NotNull(reset["account"]!["resetAt"]);
        var read = await (await admin.Client.GetAsync($"/api/admin/bots/{bot}")).AssertOkJsonAsync();
        Assert.Equal((10_000m, 0), (read["account"]!["balance"]!.GetValue<decimal>(), read["openPositions"]!.GetValue<int>()));
        Assert.Equal(0, await OpenPositionsAsync(bot));
        Assert.Equal(open, await Engine.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot AND close_reason = 'reset'", new { bot }));
        await arena.Engine.Server.AssertAuditedAsync(admin, "bots", bot, "reset");
    }

    [Fact]
    public async Task A_bot_with_trading_history_is_not_deleted_and_once_deactivated_the_silo_stops_running_it()
    {
        var admin = await arena.AdminAsync();
        var bot = await TradingBotAsync(admin);
        var refused = await (await admin.Client.DeleteAsync($"/api/admin/bots/{bot}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("deactivate", refused["detail"]!.GetValue<string>());
        var current = await (await admin.Client.GetAsync($"/api/admin/bots/{bot}")).AssertOkJsonAsync();

        var deactivated = await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{bot}", new { version = current["version"]!.GetValue<long>(),
            displayName = current["displayName"]!.GetValue<string>(), providerId = current["providerId"]!.GetValue<string>(), tradingMode = "paper",
            initialBalance = 10_000m, maxLeverage = 10, isActive = false })).AssertOkJsonAsync();
        Assert.Equal("inactive", deactivated["status"]!.GetValue<string>());
        // The cluster stops running it: the keeper no longer keeps it activated, and its activation takes no turn.
        var store = Engine.Server.GetService<BotStore>();
        Assert.DoesNotContain(bot, await store.ActiveBotIdsAsync());
        Assert.Equal("inactive", (await Engine.Grains.GetGrain<IBotGrain>(bot).RunTurn()).SkipReason);
        var next = (await admin.CreateBotAsync(current["providerId"]!.GetValue<string>()))["id"]!.GetValue<string>();
        Assert.Contains(next, await store.ActiveBotIdsAsync());
    }

    [Fact]
    public async Task A_paused_bot_takes_no_turn_until_it_is_resumed_through_http()
    {
        var admin = await arena.AdminAsync();
        var bot = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync("momentum")))["id"]!.GetValue<string>();
        await (await admin.Client.PostAsync($"/api/admin/bots/{bot}/pause", null)).AssertOkJsonAsync();

        Assert.Equal("paused", (await Engine.Grains.GetGrain<IBotGrain>(bot).RunTurn()).SkipReason);
        Assert.Equal(0, await Engine.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @bot", new { bot }));

        await (await admin.Client.PostAsync($"/api/admin/bots/{bot}/resume", null)).AssertOkJsonAsync();
        Assert.True((await TurnAsync(bot)).Committed);
        Assert.Equal(1, await Engine.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @bot", new { bot }));
    }

    [Fact]
    public async Task Force_summarize_folds_the_decisions_outside_the_prompt_window_and_then_has_nothing_left()
    {
        var admin = await arena.AdminAsync();
        var bot = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync("momentum")))["id"]!.GetValue<string>();
        await (await admin.Client.PutAsJsonAsync("/api/admin/settings/promptWindow", new { value = 1 })).AssertOkJsonAsync();
        try
        {
            await (await admin.Client.PostAsync($"/api/admin/bots/{bot}/force-summarize", null)).AssertProblemAsync(HttpStatusCode.Conflict);
            for (var i = 0; i < 3; i++) await TurnAsync(bot);

            var summary = await (await admin.Client.PostAsync($"/api/admin/bots/{bot}/force-summarize", null)).AssertOkJsonAsync();
            Assert.Equal(2, summary["decisionsFolded"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(summary["summary"]!.GetValue<string>()));
            var read = await (await admin.Client.GetAsync($"/api/admin/bots/{bot}")).AssertOkJsonAsync();
            Assert.Equal(summary["id"]!.GetValue<long>(), read["latestSummaryId"]!.GetValue<long>());
            await (await admin.Client.PostAsync($"/api/admin/bots/{bot}/force-summarize", null)).AssertProblemAsync(HttpStatusCode.Conflict);
            await arena.Engine.Server.AssertAuditedAsync(admin, "bots", bot, "summarized");
        }
        finally
        {
            await admin.Client.DeleteAsync("/api/admin/settings/promptWindow");
        }
    }

    private async Task<string> ChatProviderAsync(TestUser admin, string baseUrl, Guid? credentialId = null)
    {
        var provider = AdminKit.NewId("chat");
        await (await admin.Client.PostAsJsonAsync("/api/admin/providers", new { id = provider, name = "Fake chat", kind = "openai-compatible",
            baseUrl, model = "fake-model", maxRetries = 0, credentialId })).AssertOkJsonAsync(HttpStatusCode.Created);
        return provider;
    }

    [Fact]
    public async Task A_provider_edit_reaches_the_running_bot_at_its_next_turn()
    {
        var admin = await arena.AdminAsync();
        var first = arena.Chat.Scenario((_, ctx) => FakeChatServer.Completion(ctx, Hold));
        var second = arena.Chat.Scenario((_, ctx) => FakeChatServer.Completion(ctx, Hold));
        var provider = await ChatProviderAsync(admin, first.BaseUrl);
        var bot = (await admin.CreateBotAsync(provider))["id"]!.GetValue<string>();
        await TurnAsync(bot);
        Assert.Equal((1, 0), (first.Calls, second.Calls));

        await (await admin.Client.PutAsJsonAsync($"/api/admin/providers/{provider}", new { version = 1, name = "Moved", kind = "openai-compatible",
            baseUrl = second.BaseUrl, model = "fake-model-2", maxRetries = 0 })).AssertOkJsonAsync();
        await TurnAsync(bot);
        Assert.Equal((1, 1), (first.Calls, second.Calls));
        Assert.Equal("fake-model-2", second.Requests.Single().Body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rotated_key_is_sent_from_the_running_bots_next_turn()
    {
        var admin = await arena.AdminAsync();
        var scenario = arena.Chat.Scenario((_, ctx) => FakeChatServer.Completion(ctx, Hold));
        var credential = (await (await admin.Client.PostAsJsonAsync("/api/admin/credentials", new { name = AdminKit.NewId("key"), kind = "api_key", secret = "sk-before" }))
            .AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var bot = (await admin.CreateBotAsync(await ChatProviderAsync(admin, scenario.BaseUrl, credential)))["id"]!.GetValue<string>();
        await TurnAsync(bot);

        await (await admin.Client.PutAsJsonAsync($"/api/admin/credentials/{credential}/secret", new { secret = "sk-after", version = 1 })).AssertOkJsonAsync();
        await TurnAsync(bot);
        Assert.Equal(["Bearer sk-before", "Bearer sk-after"], scenario.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_leverage_policy_change_applies_to_the_next_decision_validated()
    {
        var admin = await arena.AdminAsync();
        var scenario = arena.Chat.Scenario((_, ctx) => FakeChatServer.Completion(ctx, LongBtcAt5x));
        var bot = (await admin.CreateBotAsync(await ChatProviderAsync(admin, scenario.BaseUrl)))["id"]!.GetValue<string>();
        try
        {
            await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/BTCUSDT", new { maxLeverage = 3 })).AssertOkJsonAsync(HttpStatusCode.Created);
            var refused = await TurnAsync(bot);
            Assert.Equal((1, 0), (refused.Rejected, refused.Accepted));
            var notes = (await Engine.QueryAsync<string>("SELECT notes_json FROM bot_decisions WHERE bot_id = @bot ORDER BY id", new { bot })).Single();
            Assert.Contains("exceeds the limit of 3x for BTCUSDT", notes);
            Assert.Equal(0, await OpenPositionsAsync(bot));

            await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/btcusdt", new { maxLeverage = 5 })).AssertOkJsonAsync();
            var accepted = await TurnAsync(bot);
            Assert.Equal((0, 1), (accepted.Rejected, accepted.Accepted));
            Assert.Equal([5L], await Engine.QueryAsync<long>("SELECT leverage FROM positions WHERE bot_id = @bot AND status = 'open'", new { bot }));
        }
        finally
        {
            await admin.Client.DeleteAsync("/api/admin/leverage-policies/BTCUSDT");
        }
    }
}

public sealed class AdminEngineTestsOnSqlite(SqliteAdminEngineArena arena) : AdminEngineTests(arena), IClassFixture<SqliteAdminEngineArena>;

public sealed class AdminEngineTestsOnPostgres(PostgresAdminEngineArena arena) : AdminEngineTests(arena), IClassFixture<PostgresAdminEngineArena>;
