using Arena.Grains.Bots;
using Arena.Grains.Desk;
using Arena.Tests.Bots;
using Arena.Tests.Features.Streams;
using Arena.Tests.Providers;
using Dapper;

namespace Arena.Tests.Features.CopyRuns;

/// <summary>
/// Copy runs end to end on a real silo: the HTTP lifecycle, validation, privacy, and mirroring of a bot's fills driven by
/// turns the test runs by hand (engine off) on a market it sets, through the outbox and the copy mirror, with /ws/me.
/// </summary>
public abstract class CopyRunsTests(Dialect dialect) : IAsyncLifetime
{
    private const string Hold = """{"decisions":[{"action":"HOLD","reasoning":"waiting"}]}""";
    private const string LongBtc = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":1000,"leverage":5,"stopLoss":90,"takeProfit":120,"reasoning":"copy test"}]}""";
    private const string CloseBtc = """{"decisions":[{"action":"CLOSE","symbol":"BTCUSDT","reasoning":"done"}]}""";

    private readonly ConcurrentQueue<string> answers = new();

    private EngineHarness Arena { get; set; } = null!;

    private FakeChatServer Chat { get; set; } = null!;

    private ArenaServer Server => Arena.Server;

    public async Task InitializeAsync()
    {
        Arena = await EngineHarness.StartAsync(dialect, runEngine: false);
        Chat = await FakeChatServer.StartAsync();
        await Arena.WithoutSymbolCooldownAsync();
    }

    public async Task DisposeAsync()
    {
        await Arena.DisposeAsync();
        await Chat.DisposeAsync();
    }

    /// <summary>A bot whose provider answers what the test queued, HOLD otherwise.</summary>
    private async Task<string> BotAsync()
    {
        var scenario = Chat.Scenario((_, ctx) => FakeChatServer.Completion(ctx, answers.TryDequeue(out var answer) ? answer : Hold));
        return await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl));
    }

    private async Task TurnAsync(string botId, string answer)
    {
        answers.Enqueue(answer);
        await Arena.RunTurnsAsync(botId, 1);
    }

    private static object Draft(string botId, decimal fraction = 0.1m, int tolerance = 50, int maxOpen = 3, string[]? symbols = null) => new
    {
        botId, sizing = new { mode = "proportional", fraction }, maxLeverage = 3, maxOpenPositions = maxOpen, priceToleranceBps = tolerance, symbols,
    };

    private static async Task<Guid> DraftAsync(TestUser user, object body)
    {
        var created = await (await user.Client.PostAsJsonAsync("/api/copy-runs", body)).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("draft", created["status"]!.GetValue<string>());
        return created["id"]!.GetValue<Guid>();
    }

    private static async Task<JsonNode> ChangeAsync(TestUser user, Guid runId, string action, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await user.Client.PostAsync($"/api/copy-runs/{runId}/{action}", null);
        if (expected == HttpStatusCode.OK) return await response.AssertOkJsonAsync();
        return await response.AssertProblemAsync(expected);
    }

    private static async Task<JsonNode> RunAsync(TestUser user, Guid runId) => await (await user.Client.GetAsync($"/api/copy-runs/{runId}")).AssertOkJsonAsync();

    /// <summary>Waits until every event appended so far is sequenced and this silo's copy mirror has handled it.</summary>
    private async Task SettleAsync()
    {
        var lastId = await Arena.CountAsync("SELECT coalesce(max(id), 0) FROM activity_events");
        var mirror = Server.GetService<CopyMirror>();
        await EngineHarness.WaitUntilAsync(async () =>
            await Arena.CountAsync("SELECT count(*) FROM activity_events WHERE id <= @lastId AND seq IS NULL", new { lastId }) == 0
            && mirror.ScannedThrough >= await Arena.CountAsync("SELECT coalesce(max(seq), 0) FROM activity_events WHERE id <= @lastId", new { lastId }),
            "the copy mirror to pass every event appended so far");
    }

    private Task<long> CountAsync(string table, Guid runId) =>
        Arena.CountAsync($"SELECT count(*) FROM {table} WHERE {(table == "quick_trades" ? "copy_run_id" : "run_id")} = @runId", new { runId });

    [Fact]
    public async Task A_run_moves_draft_active_paused_active_stopped_and_refuses_other_moves()
    {
        var botId = await BotAsync();
        var user = await Server.RegisterAsync();
        var runId = await DraftAsync(user, Draft(botId, symbols: ["btcusdt"]));
        await ChangeAsync(user, runId, "pause", HttpStatusCode.Conflict);
        await ChangeAsync(user, runId, "resume", HttpStatusCode.Conflict);

        var published = await ChangeAsync(user, runId, "publish");
        Assert.Equal(("active", 0L), (published["status"]!.GetValue<string>(), published["afterTradeId"]!.GetValue<long>()));
        Assert.NotNull(published["publishedAt"]);
        await ChangeAsync(user, runId, "publish", HttpStatusCode.Conflict);
        Assert.Equal("paused", (await ChangeAsync(user, runId, "pause"))["status"]!.GetValue<string>());
        await ChangeAsync(user, runId, "pause", HttpStatusCode.Conflict);
        Assert.Equal("active", (await ChangeAsync(user, runId, "resume"))["status"]!.GetValue<string>());
        var stopped = await ChangeAsync(user, runId, "stop");
        Assert.Equal("stopped", stopped["status"]!.GetValue<string>());
        Assert.NotNull(stopped["stoppedAt"]);
        foreach (var action in new[] { "publish", "pause", "resume", "stop" }) await ChangeAsync(user, runId, action, HttpStatusCode.Conflict);

        var list = await (await user.Client.GetAsync("/api/copy-runs")).AssertOkJsonAsync();
        var run = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal((runId, "stopped", botId), (run["id"]!.GetValue<Guid>(), run["status"]!.GetValue<string>(), run["botId"]!.GetValue<string>()));
        Assert.Equal(["BTCUSDT"], run["symbols"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("proportional", run["sizing"]!["mode"]!.GetValue<string>());
        // The publish is in the user's signal actions audit, once.
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM signal_actions WHERE user_id = @Id AND action = 'copy' AND copy_run_id = @runId", new { user.Id, runId }));
    }

    [Fact]
    public async Task Invalid_drafts_are_400s_naming_the_field_and_write_nothing()
    {
        var botId = await BotAsync();
        var user = await Server.RegisterAsync();
        async Task Refused(object body, string field) =>
            await (await user.Client.PostAsJsonAsync("/api/copy-runs", body)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        await Refused(Draft("no-such-bot"), "botId");
        await Refused(Draft(botId, fraction: 0m), "sizing.fraction");
        await Refused(Draft(botId, fraction: 1.5m), "sizing.fraction");
        await Refused(new { botId, sizing = new { mode = "fixed", notional = -1m }, maxLeverage = 3, maxOpenPositions = 1, priceToleranceBps = 10 }, "sizing.notional");
        await Refused(new { botId, sizing = new { mode = "martingale" }, maxLeverage = 3, maxOpenPositions = 1, priceToleranceBps = 10 }, "sizing.mode");
        await Refused(new { botId, sizing = new { mode = "fixed", notional = 10m }, maxLeverage = 126, maxOpenPositions = 1, priceToleranceBps = 10 }, "maxLeverage");
        await Refused(Draft(botId, maxOpen: 0), "maxOpenPositions");
        await Refused(Draft(botId, tolerance: 10_001), "priceToleranceBps");
        await Refused(Draft(botId, symbols: ["DOGEUSDT"]), "symbols");
        Assert.Equal(0, await Arena.CountAsync("SELECT count(*) FROM copy_trade_runs"));
        Assert.Equal(0, await Arena.CountAsync("SELECT count(*) FROM paper_wallets"));
    }

    [Fact]
    public async Task Another_users_run_is_not_found()
    {
        var botId = await BotAsync();
        var owner = await Server.RegisterAsync();
        var other = await Server.RegisterAsync();
        var runId = await DraftAsync(owner, Draft(botId));
        await (await other.Client.GetAsync($"/api/copy-runs/{runId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"/api/copy-runs/{runId}/publish", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"/api/copy-runs/{runId}/stop", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await other.Client.GetAsync("/api/copy-runs")).AssertOkJsonAsync())["items"]!.AsArray());
        Assert.Equal("draft", (await RunAsync(owner, runId))["run"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_later_fill_is_mirrored_once_and_the_bots_close_closes_the_mirror()
    {
        var botId = await BotAsync();
        var user = await Server.RegisterAsync();
        await using var stream = await StreamClient.ConnectAsync(Server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + user.Token));
        var runId = await DraftAsync(user, Draft(botId));

        // A fill before the publish is history: never mirrored, even when the bot closes it after.
        await TurnAsync(botId, LongBtc);
        await SettleAsync();
        await ChangeAsync(user, runId, "publish");
        await TurnAsync(botId, CloseBtc);
        await SettleAsync();
        Assert.Equal((0L, 0L), (await CountAsync("quick_trades", runId), await CountAsync("copy_trade_fills", runId)));

        await TurnAsync(botId, LongBtc);
        await SettleAsync();
        Assert.Equal((1L, 1L), (await CountAsync("quick_trades", runId), await CountAsync("copy_trade_fills", runId)));
        // The same fill again (a retry, another silo) writes nothing and answers the recorded outcome.
        var opened = (await Arena.QueryAsync<(long Seq, string Payload)>(
            "SELECT seq, payload FROM activity_events WHERE type = 'trade.opened' AND bot_id = @botId ORDER BY seq DESC LIMIT 1", new { botId })).Single();
        var again = await Arena.Grains.GetGrain<ICopyDesk>(user.Id).MirrorFill(runId, CopyMirror.ParseFill(opened.Seq, "trade.opened", opened.Payload));
        Assert.True(again.Duplicate);
        Assert.Equal(MirrorResult.Mirrored, again.Result);
        Assert.Equal((1L, 1L), (await CountAsync("quick_trades", runId), await CountAsync("copy_trade_fills", runId)));

        var detail = await RunAsync(user, runId);
        var mirror = Assert.Single(detail["mirrors"]!.AsArray())!;
        Assert.Equal(("BTCUSDT", "long", "open", 3), (mirror["symbol"]!.GetValue<string>(), mirror["side"]!.GetValue<string>(),
            mirror["status"]!.GetValue<string>(), mirror["leverage"]!.GetValue<int>()));
        // 0.1 of the bot's 999.99975 USDT at 100.05 (100 + 0.05% slippage) buys 0.999 BTC.
        Assert.Equal(0.999m, mirror["quantity"]!.GetValue<decimal>());
        Assert.Equal(runId, mirror["copyRunId"]!.GetValue<Guid>());
        var mirrored = (await stream.NextUntilAsync(m => m["type"]?.GetValue<string>() == "copy.mirrored")).Last();
        Assert.Equal((runId, botId), (mirrored["data"]!["runId"]!.GetValue<Guid>(), mirrored["data"]!["botId"]!.GetValue<string>()));

        Arena.Market!.Set(("BTCUSDT", 104m), ("ETHUSDT", 50m));
        await TurnAsync(botId, CloseBtc);
        await SettleAsync();
        var closed = (await stream.NextUntilAsync(m => m["type"]?.GetValue<string>() == "copy.closed")).Last();
        Assert.Equal("copy", closed["data"]!["trade"]!["closeReason"]!.GetValue<string>());
        detail = await RunAsync(user, runId);
        mirror = Assert.Single(detail["mirrors"]!.AsArray())!;
        Assert.Equal(("closed", "copy"), (mirror["status"]!.GetValue<string>(), mirror["closeReason"]!.GetValue<string>()));
        var realized = mirror["realizedPnl"]!.GetValue<decimal>();
        Assert.True(realized > 0, $"a close 4% up is a profit, got {realized}");
        Assert.Equal(realized, detail["pnl"]!["realizedPnl"]!.GetValue<decimal>());
        Assert.Equal((0, 1), (detail["pnl"]!["openMirrors"]!.GetValue<int>(), detail["pnl"]!["closedMirrors"]!.GetValue<int>()));
        Assert.Equal(2L, await CountAsync("copy_trade_fills", runId));
        Assert.Empty(detail["skipped"]!.AsArray());
    }

    [Fact]
    public async Task A_paused_run_ignores_fills_and_a_stopped_run_leaves_its_mirror_open()
    {
        var botId = await BotAsync();
        var user = await Server.RegisterAsync();
        var runId = await DraftAsync(user, Draft(botId));
        await ChangeAsync(user, runId, "publish");
        await ChangeAsync(user, runId, "pause");
        await TurnAsync(botId, LongBtc);
        await SettleAsync();
        Assert.Equal((0L, 0L), (await CountAsync("quick_trades", runId), await CountAsync("copy_trade_fills", runId)));

        await ChangeAsync(user, runId, "resume");
        await TurnAsync(botId, CloseBtc);
        await TurnAsync(botId, LongBtc);
        await SettleAsync();
        Assert.Equal(1L, await CountAsync("quick_trades", runId));
        await ChangeAsync(user, runId, "stop");
        await TurnAsync(botId, CloseBtc);
        await SettleAsync();
        var mirror = Assert.Single((await RunAsync(user, runId))["mirrors"]!.AsArray())!;
        Assert.Equal("open", mirror["status"]!.GetValue<string>());
        Assert.Equal(1L, await CountAsync("copy_trade_fills", runId));
    }

    [Fact]
    public async Task Fills_are_skipped_with_the_reason_when_the_price_moved_or_the_wallet_lacks_margin()
    {
        var botId = await BotAsync();
        var strict = await Server.RegisterAsync();
        var big = await Server.RegisterAsync();
        await using var stream = await StreamClient.ConnectAsync(Server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + strict.Token));
        // The bot fills at 100.05 (slippage) while the market says 100: 5 bps, more than a zero tolerance.
        var strictRun = await DraftAsync(strict, Draft(botId, tolerance: 0));
        var bigRun = await DraftAsync(big, new { botId, sizing = new { mode = "fixed", notional = 500_000m }, maxLeverage = 1, maxOpenPositions = 1, priceToleranceBps = 100 });
        await ChangeAsync(strict, strictRun, "publish");
        await ChangeAsync(big, bigRun, "publish");
        await TurnAsync(botId, LongBtc);
        await SettleAsync();

        var skipped = Assert.Single((await RunAsync(strict, strictRun))["skipped"]!.AsArray())!;
        Assert.Equal(("skipped", "price_moved"), (skipped["outcome"]!.GetValue<string>(), skipped["reason"]!.GetValue<string>()));
        Assert.Contains("bps", skipped["detail"]!.GetValue<string>());
        var heard = (await stream.NextUntilAsync(m => m["type"]?.GetValue<string>() == "copy.skipped")).Last();
        Assert.Equal("price_moved", heard["data"]!["reason"]!.GetValue<string>());
        Assert.Equal("insufficient_margin", Assert.Single((await RunAsync(big, bigRun))["skipped"]!.AsArray())!["reason"]!.GetValue<string>());
        Assert.Equal(0L, await CountAsync("quick_trades", strictRun) + await CountAsync("quick_trades", bigRun));
    }
}

public sealed class CopyRunsTestsOnSqlite() : CopyRunsTests(Dialect.Sqlite);

public sealed class CopyRunsTestsOnPostgres() : CopyRunsTests(Dialect.Postgres);
