using Arena.Grains.Bots;
using Arena.Tests.Bots;

namespace Arena.Tests.Features.Bots;

/// <summary>The public bot endpoints against bots that really traded (turns driven by the test), checked against their rows.</summary>
public abstract class PublicBotsTests(PublicArena arena)
{
    private EngineHarness Harness => arena.Harness;

    private HttpClient Anonymous() => arena.Server.CreateClient();

    [Fact]
    public async Task A_bot_shows_its_account_rows_and_values_its_open_positions_at_the_live_quotes()
    {
        var bot = await arena.TradedBotAsync();
        var marks = new Dictionary<string, decimal> { ["BTCUSDT"] = 103.37m, ["ETHUSDT"] = 48.51m };
        Harness.Market!.Set(("BTCUSDT", 103.37m), ("ETHUSDT", 48.51m));
        using var client = Anonymous();
        var body = await client.GetJsonAsync($"/api/bots/{bot}");

        var account = (await Harness.QueryAsync<(decimal Balance, decimal RealizedPnl, decimal FeesPaid, long TradeCount, long Wins, long Losses, long TurnCount, DateTimeOffset LastTurnAt)>(
            "SELECT balance, realized_pnl, fees_paid, trade_count, wins, losses, turn_count, last_turn_at FROM bot_accounts WHERE bot_id = @bot", new { bot })).Single();
        var open = await Harness.QueryAsync<(long Id, string Symbol, string Side, decimal Quantity, decimal EntryPrice, decimal Margin)>(
            "SELECT id, symbol, side, quantity, entry_price, margin FROM positions WHERE bot_id = @bot AND status = 'open' ORDER BY id", new { bot });
        // Unrealized PnL by hand: the price move times the quantity, to 8 decimals, never below −margin.
        decimal Unrealized((long Id, string Symbol, string Side, decimal Quantity, decimal EntryPrice, decimal Margin) p) => Math.Max(-p.Margin, Math.Round(
            (p.Side == "LONG" ? marks[p.Symbol] - p.EntryPrice : p.EntryPrice - marks[p.Symbol]) * p.Quantity, 8, MidpointRounding.AwayFromZero));
        var equity = account.Balance + open.Sum(p => p.Margin + Unrealized(p));

        Assert.Equal(bot, body["id"]!.GetValue<string>());
        Assert.Equal("running", body["status"]!.GetValue<string>());
        Assert.Equal("paper", body["tradingMode"]!.GetValue<string>());
        Assert.Equal(("Rules random_walk", "rules"), (body["provider"]!["name"]!.GetValue<string>(), body["provider"]!["kind"]!.GetValue<string>()));
        Assert.Equal(10_000m, body["initialBalance"].Dec());
        Assert.Equal(account.Balance, body["balance"].Dec());
        Assert.Equal(equity, body["equity"].Dec());
        Assert.Equal(equity - 10_000m, body["pnl"].Dec());
        Assert.Equal(Math.Round(equity / 10_000m - 1m, 6, MidpointRounding.AwayFromZero), body["return"].Dec());
        Assert.Equal(open.Sum(Unrealized), body["unrealizedPnl"].Dec());
        Assert.Equal(account.RealizedPnl, body["realizedPnl"].Dec());
        Assert.Equal(account.FeesPaid, body["fees"].Dec());
        Assert.Equal((account.TradeCount, account.Wins, account.Losses), (body["trades"]!.GetValue<long>(), body["wins"]!.GetValue<long>(), body["losses"]!.GetValue<long>()));
        Assert.Equal(Math.Round((decimal)account.Wins / account.TradeCount, 6, MidpointRounding.AwayFromZero), body["winRate"].Dec());
        Assert.Equal(account.TurnCount, body["turns"]!.GetValue<long>());
        Assert.Equal(account.LastTurnAt, body["lastTurnAt"]!.GetValue<DateTimeOffset>());

        var positions = body["openPositions"]!.AsArray();
        Assert.Equal(open.Select(p => p.Id), positions.Ids());
        foreach (var (row, view) in open.Zip(positions))
        {
            Assert.Equal(marks[row.Symbol], view!["markPrice"].Dec());
            Assert.Equal(Unrealized(row), view["unrealizedPnl"].Dec());
            Assert.Equal("open", view["status"]!.GetValue<string>());
        }

        var listed = (await client.GetJsonAsync("/api/bots"))["items"]!.AsArray().Single(b => b!["id"]!.GetValue<string>() == bot)!;
        Assert.Equal(equity, listed["equity"].Dec());
        await Harness.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task The_status_is_derived_from_the_rows_running_out_of_budget_paused_and_inactive()
    {
        var bot = await Harness.CreateBotAsync(await Harness.RulesProviderAsync("random_walk"), dailyTokenBudget: 100);
        using var client = Anonymous();
        async Task<string> Status() => (await client.GetJsonAsync($"/api/bots/{bot}"))["status"]!.GetValue<string>();
        Assert.Equal("running", await Status());

        // Rules providers spend no tokens: the day's usage is written as an LLM turn would leave it.
        var today = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Harness.Database.InTransactionAsync(tx => tx.ExecuteAsync(
            "UPDATE bot_accounts SET tokens_used_today = 100, token_day = @today WHERE bot_id = @bot", new { today, bot }));
        Assert.Equal("budget_exhausted", await Status());

        Assert.True((await arena.Bot(bot).SetPaused(true)).IsOk);
        Assert.Equal("paused", await Status());

        var config = (await arena.Bot(bot).Get())!.Config;
        Assert.True((await arena.Bot(bot).Update(new BotChanges(config.DisplayName, config.AvatarUrl, config.ProviderId, config.TradingMode,
            config.InitialBalance, config.MaxLeverage, config.DailyTokenBudget, IsActive: false), null)).IsOk);
        Assert.Equal("inactive", await Status());
    }

    [Fact]
    public async Task Trades_positions_and_decisions_are_served_newest_first_in_pages_exactly_as_their_rows()
    {
        var bot = await arena.TradedBotAsync();
        for (var turn = 0; turn < 200 && await Harness.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot", new { bot }) < 4; turn++)
            await Harness.RunTurnsAsync(bot, 1);
        using var client = Anonymous();
        foreach (var (path, table) in new[] { ("trades", "trades"), ("positions", "positions"), ("decisions", "bot_decisions") })
        {
            var served = await client.WalkAsync($"/api/bots/{bot}/{path}", limit: 2);
            var rows = await Harness.QueryAsync<long>($"SELECT id FROM {table} WHERE bot_id = @bot ORDER BY id DESC", new { bot });
            Assert.True(rows.Count > 2, $"too few {table} to need pages");
            Assert.Equal(rows, served.Ids());
        }

        var trade = (await client.GetJsonAsync($"/api/bots/{bot}/trades?limit=1"))["items"]![0]!;
        var row = (await Harness.QueryAsync<(long PositionId, long DecisionId, string Symbol, string Action, string Fill, decimal Price, decimal Quantity, decimal Notional, long Leverage, decimal Fee)>(
            "SELECT position_id, decision_id, symbol, action, fill, price, quantity, notional, leverage, fee FROM trades WHERE id = @id",
            new { id = trade["id"]!.GetValue<long>() })).Single();
        Assert.Equal((row.PositionId, row.DecisionId, row.Symbol, row.Action, row.Fill), (trade["positionId"]!.GetValue<long>(), trade["decisionId"]!.GetValue<long>(),
            trade["symbol"]!.GetValue<string>(), trade["action"]!.GetValue<string>(), trade["fill"]!.GetValue<string>()));
        Assert.Equal((row.Price, row.Quantity, row.Notional, row.Leverage, row.Fee), (trade["price"].Dec(), trade["quantity"].Dec(), trade["notional"].Dec(),
            trade["leverage"]!.GetValue<long>(), trade["fee"].Dec()));
    }

    [Fact]
    public async Task The_status_filter_returns_open_positions_with_live_marks_and_closed_ones_with_their_exits()
    {
        var bot = await arena.TradedBotAsync();
        Harness.Market!.Set(("BTCUSDT", 99.5m), ("ETHUSDT", 51.25m));
        using var client = Anonymous();
        var open = await client.WalkAsync($"/api/bots/{bot}/positions?status=open", limit: 1);
        var closed = await client.WalkAsync($"/api/bots/{bot}/positions?status=closed", limit: 1);

        Assert.Equal(await Harness.QueryAsync<long>("SELECT id FROM positions WHERE bot_id = @bot AND status = 'open' ORDER BY id DESC", new { bot }), open.Ids());
        Assert.Equal(await Harness.QueryAsync<long>("SELECT id FROM positions WHERE bot_id = @bot AND status = 'closed' ORDER BY id DESC", new { bot }), closed.Ids());
        Assert.All(open, p => Assert.Equal(p["symbol"]!.GetValue<string>() == "BTCUSDT" ? 99.5m : 51.25m, p["markPrice"].Dec()));
        Assert.All(open, p => Assert.Null(p["closedAt"]));
        foreach (var p in closed)
        {
            var row = (await Harness.QueryAsync<(decimal ExitPrice, decimal RealizedPnl, string CloseReason)>(
                "SELECT exit_price, realized_pnl, close_reason FROM positions WHERE id = @id", new { id = p["id"]!.GetValue<long>() })).Single();
            Assert.Equal((row.ExitPrice, row.RealizedPnl, row.CloseReason), (p["exitPrice"].Dec(), p["realizedPnl"].Dec(), p["closeReason"]!.GetValue<string>()));
            Assert.Null(p["markPrice"]);
            Assert.Null(p["unrealizedPnl"]);
        }
    }

    [Fact]
    public async Task A_decision_shows_its_actions_reasoning_outcome_and_cost_but_no_prompt_context_hash_or_raw_answer()
    {
        var bot = await arena.TradedBotAsync();
        using var client = Anonymous();
        var decisions = await client.WalkAsync($"/api/bots/{bot}/decisions", limit: 200);
        var traded = decisions.First(d => d["actions"]!.AsArray().Any(a => a!["action"]!.GetValue<string>() is "LONG" or "SHORT"));

        Assert.Equal(
            new[] { "actions", "completionTokens", "createdAt", "error", "id", "latencyMs", "notes", "promptTokens", "promptVersion", "success", "turnNumber" },
            traded.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        var row = (await Harness.QueryAsync<(long Turn, string Json, bool Success, long Latency)>(
            "SELECT turn_number, decisions_json, success, latency_ms FROM bot_decisions WHERE id = @id", new { id = traded["id"]!.GetValue<long>() })).Single();
        Assert.Equal((row.Turn, row.Success, row.Latency), (traded["turnNumber"]!.GetValue<long>(), traded["success"]!.GetValue<bool>(), traded["latencyMs"]!.GetValue<long>()));
        var stored = StoredDecision.Deserialize(row.Json);
        var actions = traded["actions"]!.AsArray();
        Assert.Equal(stored.Select(s => (s.Action, s.Symbol, s.Status, s.Reasoning)),
            actions.Select(a => (a!["action"]?.GetValue<string>(), a["symbol"]?.GetValue<string>(), a["status"]!.GetValue<string>(), a["reasoning"]?.GetValue<string>())));
        Assert.StartsWith("random walk", actions.First(a => a!["status"]!.GetValue<string>() == "accepted")!["reasoning"]!.GetValue<string>());
        Assert.Equal(1, traded["promptVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Snapshots_are_filtered_by_an_inclusive_time_window_and_served_newest_first()
    {
        var bot = await Harness.CreateBotAsync(await Harness.RulesProviderAsync("random_walk"));
        var t0 = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await InsertSnapshotsAsync(bot, Enumerable.Range(0, 5).Select(i => (t0.AddHours(i), 10_000m + i)).ToArray());
        using var client = Anonymous();
        async Task<decimal[]> Equities(string query) =>
            (await client.WalkAsync($"/api/bots/{bot}/snapshots?{query}", limit: 2)).Select(s => s["equity"].Dec()).ToArray();

        Assert.Equal([10_003m, 10_002m, 10_001m], await Equities("from=2025-03-01T01:00:00Z&to=2025-03-01T03:00:00Z"));
        Assert.Equal([10_004m, 10_003m], await Equities("from=2025-03-01T04:00:00%2B01:00"));
        Assert.Equal([10_000m], await Equities("to=2025-03-01T00:30:00Z"));
        Assert.Equal([10_004m, 10_003m, 10_002m, 10_001m, 10_000m], await Equities(""));
    }

    [Fact]
    public async Task A_limit_above_200_is_capped_and_the_default_page_is_50()
    {
        var bot = await Harness.CreateBotAsync(await Harness.RulesProviderAsync("random_walk"));
        var t0 = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await InsertSnapshotsAsync(bot, Enumerable.Range(0, 205).Select(i => (t0.AddMinutes(i), 10_000m)).ToArray());
        using var client = Anonymous();

        var capped = await client.GetJsonAsync($"/api/bots/{bot}/snapshots?limit=500");
        Assert.Equal(200, capped["items"]!.AsArray().Count);
        Assert.NotNull(capped["nextCursor"]);
        var rest = await client.GetJsonAsync($"/api/bots/{bot}/snapshots?limit=500&cursor={Uri.EscapeDataString(capped["nextCursor"]!.GetValue<string>())}");
        Assert.Equal(5, rest["items"]!.AsArray().Count);
        Assert.Null(rest["nextCursor"]);
        Assert.Equal(50, (await client.GetJsonAsync($"/api/bots/{bot}/snapshots"))["items"]!.AsArray().Count);
        Assert.Equal(200, (await client.GetJsonAsync($"/api/bots/{bot}/snapshots?limit=123456789012345678901234567890"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_unknown_bot_is_a_404_problem_on_every_endpoint()
    {
        using var client = Anonymous();
        foreach (var path in new[] { "", "/trades", "/positions", "/decisions", "/snapshots", "/prompt-versions/performance" })
            await (await client.GetAsync($"/api/bots/no-such-bot{path}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_paging_and_filter_parameters_are_400_problems_naming_each_field()
    {
        var bot = await arena.TradedBotAsync();
        using var client = Anonymous();
        var tradesCursor = (await client.GetJsonAsync($"/api/bots/{bot}/trades?limit=1"))["nextCursor"]!.GetValue<string>();

        await (await client.GetAsync($"/api/bots/{bot}/trades?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync($"/api/bots/{bot}/trades?limit=ten&cursor=bm9wZQ")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit", "cursor");
        await (await client.GetAsync($"/api/bots/{bot}/decisions?cursor={tradesCursor}")).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
        await (await client.GetAsync($"/api/bots/{bot}/positions?status=pending")).AssertProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await client.GetAsync($"/api/bots/{bot}/snapshots?from=yesterday&to=2025-01-01T00:00:00")).AssertProblemAsync(HttpStatusCode.BadRequest, "from", "to");
        await (await client.GetAsync($"/api/bots/{bot}/snapshots?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z")).AssertProblemAsync(HttpStatusCode.BadRequest, "to");
        // A bad request about an unknown bot is still a bad request: the parameters are checked first.
        await (await client.GetAsync("/api/bots/no-such-bot/trades?limit=-1")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task After_a_reset_the_figures_count_from_the_reset()
    {
        var bot = await arena.TradedBotAsync();
        var reset = await arena.Bot(bot).Reset();
        Assert.True(reset.IsOk);
        using var client = Anonymous();
        var body = await client.GetJsonAsync($"/api/bots/{bot}");
        var resetAt = (await Harness.QueryAsync<DateTimeOffset>("SELECT reset_at FROM bot_accounts WHERE bot_id = @bot", new { bot })).Single();

        Assert.Equal(resetAt, body["startedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(resetAt, body["resetAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal((10_000m, 10_000m, 0m, 0m, 0m), (body["balance"].Dec(), body["equity"].Dec(), body["pnl"].Dec(), body["return"].Dec(), body["realizedPnl"].Dec()));
        Assert.Equal((0, 0m), (body["trades"]!.GetValue<int>(), body["fees"].Dec()));
        Assert.Null(body["winRate"]);
        Assert.Empty(body["openPositions"]!.AsArray());
        // History stays readable: the positions the reset closed are there, closed with reason "reset".
        var closed = await client.WalkAsync($"/api/bots/{bot}/positions?status=closed", limit: 200);
        Assert.Contains(closed, p => p["closeReason"]!.GetValue<string>() == "reset");
    }

    private Task InsertSnapshotsAsync(string bot, IReadOnlyList<(DateTimeOffset At, decimal Equity)> points) =>
        Harness.Database.InTransactionAsync(async tx =>
        {
            foreach (var (at, equity) in points)
                await tx.ExecuteAsync("""
                    INSERT INTO bot_state_snapshots (bot_id, balance, equity, realized_pnl, unrealized_pnl, trade_count, win_rate, taken_at)
                    VALUES (@bot, @equity, @equity, 0, 0, 0, NULL, @at)
                    """, new { bot, equity, at });
        });
}

public sealed class PublicBotsTestsOnSqlite(SqlitePublicArena arena) : PublicBotsTests(arena), IClassFixture<SqlitePublicArena>;

public sealed class PublicBotsTestsOnPostgres(PostgresPublicArena arena) : PublicBotsTests(arena), IClassFixture<PostgresPublicArena>;
