namespace Arena.Tests.Features.Trades;

/// <summary>The seed 000 quick-trade store (<c>stockclaw_quicktrades</c>) taken over by the localStorage import, as desk history.</summary>
public abstract class QuickTradeImportTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    private const string Store = """
        [
          {"id": "qt-1", "pair": "BTC/USDT", "dir": "LONG", "entry": 60000, "qty": 0.01, "leverage": 5, "sl": 58000, "tp": 66000,
           "exitPrice": 63000, "pnl": 30, "openedAt": "2025-01-10T08:00:00Z", "closedAt": "2025-01-10T12:00:00Z", "status": "closed"},
          {"id": "qt-2", "symbol": "ETHUSDT", "side": "short", "entryPrice": "3200", "notional": 640, "createdAt": 1736496000000},
          {"id": "qt-3", "dir": "LONG", "entry": 10},
          {"id": "qt-4", "pair": "SOLUSDT", "dir": "LONG", "entry": 150, "qty": 1, "leverage": 500}
        ]
        """;

    private static async Task<JsonObject> ImportAsync(TestUser user, string value)
    {
        var body = await (await user.Client.PostAsJsonAsync("/api/import/local-storage", new { entries = new Dictionary<string, string> { ["stockclaw_quicktrades"] = value } }))
            .AssertOkJsonAsync();
        return body.AsObject();
    }

    private static JsonObject Key(JsonObject report) => report["keys"]!.AsArray().Single(k => k!["key"]!.GetValue<string>() == "stockclaw_quicktrades")!.AsObject();

    private static async Task<JsonArray> TradesAsync(TestUser user) =>
        (await (await user.Client.GetAsync("/api/trades?status=closed")).AssertOkJsonAsync())["items"]!.AsArray();

    [Fact]
    public async Task Legacy_trades_become_closed_history_without_moving_the_wallet()
    {
        var user = await Server.RegisterAsync();
        var report = await ImportAsync(user, Store);

        var key = Key(report);
        Assert.Equal("imported", key["status"]!.GetValue<string>());
        Assert.Equal(["qt-1", "qt-2"], key["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("item 2: no readable symbol.", key["reason"]!.GetValue<string>());
        Assert.Contains("item 3: the leverage", key["reason"]!.GetValue<string>());
        Assert.True(report["changed"]!.GetValue<bool>());

        var trades = await TradesAsync(user);
        Assert.Equal(2, trades.Count);
        var btc = trades.Single(t => t!["symbol"]!.GetValue<string>() == "BTCUSDT")!;
        Assert.Equal(("long", "closed", "import"), (btc["side"]!.GetValue<string>(), btc["status"]!.GetValue<string>(), btc["closeReason"]!.GetValue<string>()));
        Assert.Equal((0.01m, 60000m, 5, 63000m, 30m), (btc["quantity"]!.GetValue<decimal>(), btc["entryPrice"]!.GetValue<decimal>(), btc["leverage"]!.GetValue<int>(),
            btc["exitPrice"]!.GetValue<decimal>(), btc["realizedPnl"]!.GetValue<decimal>()));
        Assert.Equal(120m, btc["margin"]!.GetValue<decimal>());
        Assert.Equal(DateTimeOffset.Parse("2025-01-10T08:00:00Z"), btc["openedAt"]!.GetValue<DateTimeOffset>());
        // An open legacy trade closes at its entry: quantity from notional / entry, PnL 0.
        var eth = trades.Single(t => t!["symbol"]!.GetValue<string>() == "ETHUSDT")!;
        Assert.Equal(("short", 0.2m, 3200m, 0m, 1), (eth["side"]!.GetValue<string>(), eth["quantity"]!.GetValue<decimal>(), eth["exitPrice"]!.GetValue<decimal>(),
            eth["realizedPnl"]!.GetValue<decimal>(), eth["leverage"]!.GetValue<int>()));

        var wallet = await (await user.Client.GetAsync("/api/wallet")).AssertOkJsonAsync();
        Assert.Equal(wallet["startingBalance"]!.GetValue<decimal>(), wallet["balance"]!.GetValue<decimal>());
        Assert.Equal(0, await Server.ScalarAsync<long>("SELECT count(*) FROM pnl_entries WHERE user_id = @id", new { id = user.Id }));
        Assert.Empty((await (await user.Client.GetAsync("/api/trades?status=open")).AssertOkJsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_second_import_adds_nothing_and_another_user_sees_none_of_it()
    {
        var user = await Server.RegisterAsync();
        await ImportAsync(user, Store);
        var again = await ImportAsync(user, Store);

        Assert.Equal("ignored", Key(again)["status"]!.GetValue<string>());
        Assert.Contains("already imported", Key(again)["reason"]!.GetValue<string>());
        Assert.False(again["changed"]!.GetValue<bool>());
        Assert.Equal(2, (await TradesAsync(user)).Count);

        var other = await Server.RegisterAsync();
        Assert.Empty(await TradesAsync(other));
        var id = (await TradesAsync(user))[0]!["id"]!.GetValue<string>();
        await (await other.Client.GetAsync($"/api/trades/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_store_that_is_not_a_list_is_invalid_and_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        Assert.Equal("invalid", Key(await ImportAsync(user, """{"not":"a list"}"""))["status"]!.GetValue<string>());
        Assert.Equal("invalid", Key(await ImportAsync(user, "[{"))["status"]!.GetValue<string>());
        Assert.Equal(0, await Server.ScalarAsync<long>("SELECT count(*) FROM quick_trades WHERE user_id = @id", new { id = user.Id }));
    }
}

public sealed class QuickTradeImportTestsOnSqlite(SqliteArena arena) : QuickTradeImportTests(arena), IClassFixture<SqliteArena>;

public sealed class QuickTradeImportTestsOnPostgres(PostgresArena arena) : QuickTradeImportTests(arena), IClassFixture<PostgresArena>;
