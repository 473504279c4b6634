using Arena.Grains.Bots;

namespace Arena.Tests.Features.Admin;

public abstract class AdminLeveragePoliciesTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    [Fact]
    public async Task Put_creates_then_changes_a_policy_with_the_symbol_upper_cased_and_drops_the_cache()
    {
        var admin = await arena.AdminAsync();
        var cache = Server.GetService<LeveragePolicies>();
        await cache.CurrentAsync();

        var created = await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/ethusdt", new { maxLeverage = 4 });
        var body = await created.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("ETHUSDT", 4), (body["symbol"]!.GetValue<string>(), body["maxLeverage"]!.GetValue<int>()));
        Assert.Equal(4, (await cache.CurrentAsync())["ETHUSDT"]);

        var changed = await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/ETHUSDT", new { maxLeverage = 9 })).AssertOkJsonAsync();
        Assert.Equal(9, changed["maxLeverage"]!.GetValue<int>());
        Assert.Equal(9, (await cache.CurrentAsync())["ETHUSDT"]);
        Assert.Equal(changed.ToJsonString(), (await (await admin.Client.GetAsync("/api/admin/leverage-policies/EthUsdt")).AssertOkJsonAsync()).ToJsonString());
        var list = (await (await admin.Client.GetAsync("/api/admin/leverage-policies")).AssertOkJsonAsync()).AsArray();
        Assert.Contains(list, p => p!["symbol"]!.GetValue<string>() == "ETHUSDT" && p["maxLeverage"]!.GetValue<int>() == 9);
        await Server.AssertAuditedAsync(admin, "leverage-policies", "ETHUSDT", "created");
        await Server.AssertAuditedAsync(admin, "leverage-policies", "ETHUSDT", "updated");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync("/api/admin/leverage-policies/ETHUSDT")).StatusCode);
        Assert.False((await cache.CurrentAsync()).ContainsKey("ETHUSDT"));
        await (await admin.Client.GetAsync("/api/admin/leverage-policies/ETHUSDT")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync("/api/admin/leverage-policies/ETHUSDT")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(126)]
    [InlineData(null)]
    public async Task A_leverage_outside_1_to_125_is_refused_and_nothing_is_written(int? maxLeverage)
    {
        var admin = await arena.AdminAsync();
        var before = await Server.ConfigSnapshotAsync();
        var problem = await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/BTCUSDT", new { maxLeverage }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "maxLeverage");
        Assert.Contains("1 to 125", problem["errors"]!["maxLeverage"]![0]!.GetValue<string>());
        await (await admin.Client.PutAsJsonAsync("/api/admin/leverage-policies/BTCUSDT", new { maxLeverage = 2.5 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "maxLeverage");
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Theory]
    [InlineData("DOGEUSDT")]
    [InlineData("BTC-USDT")]
    [InlineData("X")]
    public async Task A_symbol_the_market_does_not_know_is_refused(string symbol)
    {
        var admin = await arena.AdminAsync();
        var before = await Server.ConfigSnapshotAsync();
        await (await admin.Client.PutAsJsonAsync($"/api/admin/leverage-policies/{symbol}", new { maxLeverage = 3 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "symbol");
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }
}

public sealed class AdminLeveragePoliciesTestsOnSqlite(SqliteAdminArena arena) : AdminLeveragePoliciesTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class AdminLeveragePoliciesTestsOnPostgres(PostgresAdminArena arena) : AdminLeveragePoliciesTests(arena), IClassFixture<PostgresAdminArena>;
