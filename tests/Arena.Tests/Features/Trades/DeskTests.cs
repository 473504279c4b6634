using Arena.Grains.Bots;
using Arena.Grains.Trading;
using Arena.Tests.Features.Admin;
using Arena.Tests.Features.Streams;

namespace Arena.Tests.Features.Trades;

/// <summary>Quick trades and the paper wallet through HTTP, on a market the test moves (BTCUSDT, ETHUSDT).</summary>
public abstract class DeskTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    // The default arena rules: 0.05% taker fee, 0.05% slippage, 0.5% maintenance margin.
    private static readonly TradingRules Rules = new(10m, 0.0005m, 0.0005m, 5, TimeSpan.FromMinutes(5), 0.005m);

    private async Task<TestUser> TraderAsync()
    {
        arena.Market.Set(("BTCUSDT", 100m), ("ETHUSDT", 50m));
        return await Server.RegisterAsync();
    }

    private static async Task<JsonObject> OpenAsync(TestUser user, object body, string path = "/api/trades") =>
        (await (await user.Client.PostAsJsonAsync(path, body)).AssertOkJsonAsync(HttpStatusCode.Created)).AsObject();

    private static async Task<JsonObject> WalletAsync(TestUser user) => (await (await user.Client.GetAsync("/api/wallet")).AssertOkJsonAsync()).AsObject();

    private static decimal Num(JsonNode? node) => node!.GetValue<decimal>();

    private Task<long> CountAsync(string table, Guid userId) => Server.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE user_id = @userId", new { userId });

    private async Task<string> ClosedReasonAsync(Guid tradeId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var reason = await Server.ScalarAsync<string?>("SELECT close_reason FROM quick_trades WHERE id = @tradeId AND status = 'closed'", new { tradeId });
            if (reason is not null) return reason;
            await Task.Delay(50);
        }
        throw new TimeoutException("The risk watch did not close the trade.");
    }

    [Fact]
    public async Task A_long_opens_at_the_bots_fill_and_closes_with_its_pnl_credited_to_the_wallet_and_recorded()
    {
        var user = await TraderAsync();
        var before = await WalletAsync(user);
        Assert.Equal(10000m, Num(before["balance"]));

        var trade = await OpenAsync(user, new { symbol = "BTCUSDT", side = "long", notional = 1000m, leverage = 10, stopLoss = 95m, takeProfit = 120m });
        // 100 × 1.0005 = 100.05 (buys round up to the tick); 1000 / 100.05 → 9.995 (down to the step); notional 999.99975,
        // margin / 10 = 99.999975, fee × 0.0005 = 0.49999988, liquidation 100.05 × (1 − 0.1 + 0.005) → 90.55.
        Assert.Equal((100.05m, 9.995m, 99.999975m, 0.49999988m, 90.55m),
            (Num(trade["entryPrice"]), Num(trade["quantity"]), Num(trade["margin"]), Num(trade["entryFee"]), Num(trade["liquidationPrice"])));
        var (plan, _) = PaperExchange.PlanOpen(Arena.Tests.Bots.ManualMarketFeed.Btc, 100m, PositionSide.Long, 1000m, 10, 95m, 120m, Rules);
        Assert.Equal(plan!.Entry.Price, Num(trade["entryPrice"]));
        Assert.Equal("open", trade["status"]!.GetValue<string>());
        Assert.Equal(10000m - 99.999975m - 0.49999988m, Num((await WalletAsync(user))["balance"]));

        arena.Market.Set(("BTCUSDT", 110m));
        var id = trade["id"]!.GetValue<Guid>();
        var live = (await (await user.Client.GetAsync($"/api/trades/{id}")).AssertOkJsonAsync()).AsObject();
        Assert.Equal((110m - 100.05m) * 9.995m, Num(live["unrealizedPnl"]));
        var listed = (await (await user.Client.GetAsync("/api/trades?status=open")).AssertOkJsonAsync())["items"]!.AsArray();
        Assert.Equal(Num(live["unrealizedPnl"]), Num(Assert.Single(listed)!["unrealizedPnl"]));
        var wallet = await WalletAsync(user);
        Assert.Equal(Num(wallet["balance"]) + 99.999975m + Num(live["unrealizedPnl"]), Num(wallet["equity"]));

        var closed = (await (await user.Client.PostAsync($"/api/trades/{id}/close", null)).AssertOkJsonAsync()).AsObject();
        var close = PaperExchange.PlanClose(plan.ToPosition(0, DateTimeOffset.UtcNow, null), 110m, CloseReason.Signal, Arena.Tests.Bots.ManualMarketFeed.Btc, Rules);
        // Sold at 110 × 0.9995 = 109.945 → 109.94; gross (109.94 − 100.05) × 9.995 = 98.85055; exit fee 0.54942515.
        Assert.Equal((109.94m, 0.54942515m, 98.85055m - 0.49999988m - 0.54942515m), (Num(closed["exitPrice"]), Num(closed["exitFee"]), Num(closed["realizedPnl"])));
        Assert.Equal(close.RealizedPnl, Num(closed["realizedPnl"]));
        Assert.Equal("manual", closed["closeReason"]!.GetValue<string>());
        var after = await WalletAsync(user);
        Assert.Equal(10000m + close.RealizedPnl, Num(after["balance"]));
        Assert.Equal(close.RealizedPnl, Num(after["realizedPnl"]));
        Assert.Equal(0.49999988m + 0.54942515m, Num(after["feesPaid"]));
        Assert.Equal(Num(after["balance"]), Num(after["equity"]));
        var pnl = await Server.ScalarAsync<decimal>("SELECT realized_pnl FROM pnl_entries WHERE user_id = @userId", new { userId = user.Id });
        Assert.Equal(close.RealizedPnl, pnl);

        await (await user.Client.PostAsync($"/api/trades/{id}/close", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        var closedList = (await (await user.Client.GetAsync("/api/trades?status=closed")).AssertOkJsonAsync())["items"]!.AsArray();
        Assert.Null(Assert.Single(closedList)!["unrealizedPnl"]);
        Assert.Empty((await (await user.Client.GetAsync("/api/trades?status=open")).AssertOkJsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_quantity_is_filled_exactly_and_the_aliases_answer_like_the_canonical_routes()
    {
        var user = await TraderAsync();
        var trade = await OpenAsync(user, new { symbol = "ETHUSDT", side = "short", quantity = 2m, leverage = 5 }, "/api/trades/open");
        // A short sells: 50 × 0.9995 = 49.975 → 49.97.
        Assert.Equal((2m, 49.97m, "short"), (Num(trade["quantity"]), Num(trade["entryPrice"]), trade["side"]!.GetValue<string>()));
        Assert.Equal(Money.Round(2m * 49.97m / 5), Num(trade["margin"]));

        var closed = (await (await user.Client.PostAsJsonAsync("/api/trades/close", new { tradeId = trade["id"]!.GetValue<Guid>() })).AssertOkJsonAsync()).AsObject();
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        await (await user.Client.PostAsJsonAsync("/api/trades/close", new { tradeId = trade["id"]!.GetValue<Guid>() })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await user.Client.PostAsJsonAsync("/api/trades/close", new { tradeId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_invalid_order_is_a_400_naming_its_field_and_writes_nothing()
    {
        var admin = await Server.RegisterAdminAsync();
        await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/BTCUSDT", new { maxLeverage = 3 })).AssertOkJsonAsync(HttpStatusCode.Created);
        try
        {
            var user = await TraderAsync();
            async Task Refused(object body, params string[] fields) =>
                await (await user.Client.PostAsJsonAsync("/api/trades", body)).AssertProblemAsync(HttpStatusCode.BadRequest, fields);

            await Refused(new { symbol = "BTCUSDT", side = "long", quantity = 1m, notional = 100m, leverage = 2 }, "quantity", "notional");
            await Refused(new { symbol = "BTCUSDT", side = "long", leverage = 2 }, "quantity", "notional");
            await Refused(new { symbol = "BTCUSDT", side = "up", notional = 100m, leverage = 2 }, "side");
            await Refused(new { symbol = "DOGEUSDT", side = "long", notional = 100m, leverage = 2 }, "symbol");
            await Refused(new { symbol = "BTCUSDT", side = "long", notional = 100m, leverage = 4 }, "leverage");
            await Refused(new { symbol = "BTCUSDT", side = "long", notional = 100m }, "leverage");
            await Refused(new { symbol = "BTCUSDT", side = "long", notional = 100m, leverage = 2, stopLoss = 101m }, "stopLoss");
            await Refused(new { symbol = "BTCUSDT", side = "short", notional = 100m, leverage = 2, takeProfit = 101m }, "takeProfit");
            await Refused(new { symbol = "BTCUSDT", side = "long", notional = 100m, leverage = 3, stopLoss = 60m }, "stopLoss");
            await Refused(new { symbol = "BTCUSDT", side = "long", notional = 1m, leverage = 2 }, "notional");
            await Refused(new { symbol = "BTCUSDT", side = "long", quantity = 0.0015m, leverage = 2 }, "quantity");

            var tooBig = await (await user.Client.PostAsJsonAsync("/api/trades", new { symbol = "ETHUSDT", side = "long", notional = 25000m, leverage = 2 }))
                .AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("exceeds the wallet's balance", tooBig["detail"]!.GetValue<string>());
            Assert.Equal(0, await CountAsync("quick_trades", user.Id));
            Assert.Equal(0, await CountAsync("paper_wallets", user.Id));
            Assert.Equal(0, await Server.ScalarAsync<long>("SELECT count(*) FROM activity_events WHERE user_id = @userId AND type LIKE 'desk.%'", new { userId = user.Id }));
        }
        finally
        {
            // The fixture's other tests trade BTCUSDT at 10x.
            await admin.Client.DeleteAsync("/api/admin/leverage-policies/BTCUSDT");
        }
    }

    [Fact]
    public async Task Another_users_trade_is_404_and_stays_open()
    {
        var owner = await TraderAsync();
        var intruder = await Server.RegisterAsync();
        var id = (await OpenAsync(owner, new { symbol = "ETHUSDT", side = "long", notional = 100m, leverage = 2 }))["id"]!.GetValue<Guid>();

        await (await intruder.Client.GetAsync($"/api/trades/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.PostAsync($"/api/trades/{id}/close", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.PostAsJsonAsync("/api/trades/close", new { tradeId = id })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await intruder.Client.GetAsync("/api/trades")).AssertOkJsonAsync())["items"]!.AsArray());
        Assert.Equal("open", (await (await owner.Client.GetAsync($"/api/trades/{id}")).AssertOkJsonAsync())["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(94.9, "stop_loss")]
    [InlineData(110.5, "take_profit")]
    [InlineData(80.0, "liquidation")]
    public async Task The_risk_watch_closes_a_trade_whose_level_the_market_crosses(double price, string reason)
    {
        var user = await TraderAsync();
        var id = (await OpenAsync(user, new { symbol = "BTCUSDT", side = "long", notional = 1000m, leverage = 10, stopLoss = 95m, takeProfit = 110m }))["id"]!.GetValue<Guid>();

        arena.Market.Set(("BTCUSDT", (decimal)price));
        Assert.Equal(reason, await ClosedReasonAsync(id));
        var wallet = await WalletAsync(user);
        var realized = await Server.ScalarAsync<decimal>("SELECT realized_pnl FROM quick_trades WHERE id = @id", new { id });
        Assert.Equal(10000m + realized, Num(wallet["balance"]));
        if (reason == "liquidation") Assert.Equal(-(99.999975m + 0.49999988m), realized);
        Assert.Equal(1, await CountAsync("pnl_entries", user.Id));
    }

    [Fact]
    public async Task A_reset_closes_the_open_trades_at_live_prices_and_restores_the_starting_balance_setting()
    {
        var user = await TraderAsync();
        await OpenAsync(user, new { symbol = "ETHUSDT", side = "long", notional = 500m, leverage = 2 });
        await OpenAsync(user, new { symbol = "BTCUSDT", side = "short", notional = 500m, leverage = 2 });
        Assert.True((await Server.GetService<SettingsService>().SetAsync(SettingCatalog.DeskStartingBalance, "2500")).IsOk);
        try
        {
            var reset = (await (await user.Client.PostAsync("/api/wallet/reset", null)).AssertOkJsonAsync()).AsObject();
            Assert.Equal(2, reset["closedTrades"]!.AsArray().Count);
            Assert.All(reset["closedTrades"]!.AsArray(), t => Assert.Equal("reset", t!["closeReason"]!.GetValue<string>()));
            var wallet = await WalletAsync(user);
            Assert.Equal((2500m, 2500m, 2500m, 0m, 1), (Num(wallet["balance"]), Num(wallet["startingBalance"]), Num(wallet["equity"]), Num(wallet["realizedPnl"]),
                wallet["resetCount"]!.GetValue<int>()));
            Assert.Equal(2, await CountAsync("pnl_entries", user.Id));
            Assert.Equal(0, await Server.ScalarAsync<long>("SELECT count(*) FROM quick_trades WHERE user_id = @userId AND status = 'open'", new { userId = user.Id }));
        }
        finally
        {
            await Server.GetService<SettingsService>().ResetAsync(SettingCatalog.DeskStartingBalance);
        }
    }

    [Fact]
    public async Task A_signal_converts_into_a_quick_trade_with_its_side_and_levels_and_the_action_is_recorded()
    {
        var admin = await Server.RegisterAdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var bot = (await admin.CreateBotAsync(provider, isActive: false))["id"]!.GetValue<string>();
        var user = await TraderAsync();
        var signal = await DeskKit.InsertSignalAsync(Server, bot, "ETHUSDT", "short", 50m, stopLoss: 55m, takeProfit: 45m, leverage: 3);

        var trade = (await (await user.Client.PostAsJsonAsync($"/api/signals/{signal}/convert", new { notional = 300m })).AssertOkJsonAsync(HttpStatusCode.Created)).AsObject();
        Assert.Equal(("short", 55m, 45m, 3, signal), (trade["side"]!.GetValue<string>(), Num(trade["stopLoss"]), Num(trade["takeProfit"]),
            trade["leverage"]!.GetValue<int>(), trade["signalId"]!.GetValue<long>()));
        Assert.Equal("convert", await Server.ScalarAsync<string>("SELECT action FROM signal_actions WHERE user_id = @userId", new { userId = user.Id }));
        Assert.Equal(trade["id"]!.GetValue<Guid>(), await Server.ScalarAsync<Guid>("SELECT quick_trade_id FROM signal_actions WHERE user_id = @userId", new { userId = user.Id }));

        var close = await DeskKit.InsertSignalAsync(Server, bot, "ETHUSDT", "close", 50m);
        await (await user.Client.PostAsJsonAsync($"/api/signals/{close}/convert", new { notional = 300m })).AssertProblemAsync(HttpStatusCode.Conflict);
        var expired = await DeskKit.InsertSignalAsync(Server, bot, "ETHUSDT", "long", 50m, status: "expired");
        await (await user.Client.PostAsJsonAsync($"/api/signals/{expired}/convert", new { notional = 300m })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await user.Client.PostAsJsonAsync("/api/signals/999999/convert", new { notional = 300m })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.PostAsJsonAsync($"/api/signals/{signal}/convert", new { notional = 300m, quantity = 1m })).AssertProblemAsync(HttpStatusCode.BadRequest, "quantity", "notional");
        Assert.Equal(1, await CountAsync("quick_trades", user.Id));
        Assert.Equal(1, await CountAsync("signal_actions", user.Id));
    }

    [Fact]
    public async Task An_admin_reads_any_desk_and_a_plain_user_cannot()
    {
        var admin = await Server.RegisterAdminAsync();
        var user = await TraderAsync();
        var open = await OpenAsync(user, new { symbol = "ETHUSDT", side = "long", notional = 100m, leverage = 2 });
        var closed = await OpenAsync(user, new { symbol = "BTCUSDT", side = "long", notional = 100m, leverage = 2 });
        await (await user.Client.PostAsync($"/api/trades/{closed["id"]}/close", null)).AssertOkJsonAsync();

        var bot = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();
        var signal = await DeskKit.InsertSignalAsync(Server, bot, "ETHUSDT", "long", 50m);
        await (await user.Client.PostAsync($"/api/signals/{signal}/track", null)).AssertOkJsonAsync(HttpStatusCode.Created);
        var run = (await (await user.Client.PostAsJsonAsync("/api/copy-runs", new { botId = bot, sizing = new { mode = "fixed", notional = 50m }, maxLeverage = 2,
            maxOpenPositions = 3, priceToleranceBps = 50 })).AssertOkJsonAsync(HttpStatusCode.Created))["id"]!.ToString();

        var desk = (await (await admin.Client.GetAsync($"/api/admin/users/{user.Id}/desk")).AssertOkJsonAsync()).AsObject();
        Assert.Equal(open["id"]!.ToString(), Assert.Single(desk["openTrades"]!.AsArray())!["id"]!.ToString());
        Assert.Equal(run, Assert.Single(desk["copyRuns"]!.AsArray())!["id"]!.ToString());
        Assert.Equal(signal, Assert.Single(desk["trackedSignals"]!.AsArray())!["signalId"]!.GetValue<long>());
        Assert.Equal(closed["id"]!.ToString(), Assert.Single(desk["recentTrades"]!.AsArray())!["id"]!.ToString());
        Assert.Equal(Num((await WalletAsync(user))["balance"]), Num(desk["wallet"]!["balance"]));
        await (await user.Client.GetAsync($"/api/admin/users/{user.Id}/desk")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.GetAsync($"/api/admin/users/{Guid.NewGuid()}/desk")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_user_hears_their_own_opens_closes_and_resets_on_ws_me()
    {
        var user = await TraderAsync();
        var other = await Server.RegisterAsync();
        await using var stream = await StreamClient.ConnectAsync(Server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + user.Token));
        await using var otherStream = await StreamClient.ConnectAsync(Server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + other.Token));
        await stream.NextAsync();

        var trade = await OpenAsync(user, new { symbol = "ETHUSDT", side = "long", notional = 100m, leverage = 2, stopLoss = 45m });
        arena.Market.Set(("ETHUSDT", 44m));
        Assert.Equal("stop_loss", await ClosedReasonAsync(trade["id"]!.GetValue<Guid>()));
        await (await user.Client.PostAsync("/api/wallet/reset", null)).AssertOkJsonAsync();

        var events = (await stream.NextUntilAsync(m => m.IsEvent() && m.Type() == "desk.wallet_reset")).Where(m => m.IsEvent()).ToArray();
        Assert.Equal(["desk.trade_opened", "desk.trade_closed", "desk.wallet_reset"], events.Select(m => m.Type()));
        Assert.Equal(trade["id"]!.ToString(), events[0]["data"]!["trade"]!["id"]!.ToString());
        Assert.Equal("stop_loss", events[1]["data"]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain(otherStream.Drain(), m => m.IsEvent() && m.Type().StartsWith("desk.", StringComparison.Ordinal));
        Assert.Equal(0, await Server.ScalarAsync<long>("SELECT count(*) FROM activity_events WHERE type LIKE 'desk.%' AND visibility <> 'user'"));
    }
}

public sealed class DeskTestsOnSqlite(SqliteAdminArena arena) : DeskTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class DeskTestsOnPostgres(PostgresAdminArena arena) : DeskTests(arena), IClassFixture<PostgresAdminArena>;
