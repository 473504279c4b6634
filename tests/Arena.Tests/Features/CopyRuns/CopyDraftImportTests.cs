using Arena.Tests.Features.Admin;

namespace Arena.Tests.Features.CopyRuns;

/// <summary>The app's copy-trade drafts (<c>stockclaw_copytrades</c>) taken over by the localStorage import as draft copy runs.</summary>
public abstract class CopyDraftImportTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    private static async Task<JsonObject> ImportAsync(TestUser user, string value) =>
        (await (await user.Client.PostAsJsonAsync("/api/import/local-storage", new { entries = new Dictionary<string, string> { ["stockclaw_copytrades"] = value } }))
            .AssertOkJsonAsync()).AsObject();

    private static JsonObject Key(JsonObject report) => report["keys"]!.AsArray().Single(k => k!["key"]!.GetValue<string>() == "stockclaw_copytrades")!.AsObject();

    private static async Task<JsonArray> RunsAsync(TestUser user) => (await (await user.Client.GetAsync("/api/copy-runs")).AssertOkJsonAsync())["items"]!.AsArray();

    [Fact]
    public async Task Drafts_naming_an_active_bot_become_draft_runs_once_and_the_others_are_named()
    {
        var admin = await Server.RegisterAdminAsync();
        var bot = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();
        var user = await Server.RegisterAsync();
        var store = $$"""
            [
              {"id": "cd-1", "botId": "{{bot}}", "fraction": 0.25, "maxLeverage": 3, "pair": "BTC/USDT"},
              {"id": "cd-2", "agent": "{{bot}}", "notional": 150},
              {"id": "cd-3", "botId": "no-such-bot", "notional": 150},
              {"id": "cd-4", "botId": "{{bot}}"}
            ]
            """;

        var first = await ImportAsync(user, store);
        var key = Key(first);
        Assert.Equal("imported", key["status"]!.GetValue<string>());
        Assert.Equal(["cd-1", "cd-2"], key["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("cd-3: There is no active bot 'no-such-bot' to follow.", key["reason"]!.GetValue<string>());
        Assert.Contains("item 3: no fraction or notional", key["reason"]!.GetValue<string>());

        var runs = await RunsAsync(user);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(("draft", bot), (r!["status"]!.GetValue<string>(), r["botId"]!.GetValue<string>())));
        var proportional = runs.Single(r => r!["externalId"]!.GetValue<string>() == "cd-1")!;
        Assert.Equal(("proportional", 0.25m, 3), (proportional["sizing"]!["mode"]!.GetValue<string>(), proportional["sizing"]!["fraction"]!.GetValue<decimal>(),
            proportional["maxLeverage"]!.GetValue<int>()));
        Assert.Equal(["BTCUSDT"], proportional["symbols"]!.AsArray().Select(x => x!.GetValue<string>()));

        var again = await ImportAsync(user, store);
        Assert.Equal("ignored", Key(again)["status"]!.GetValue<string>());
        Assert.Contains("already imported", Key(again)["reason"]!.GetValue<string>());
        Assert.False(again["changed"]!.GetValue<bool>());
        Assert.Equal(2, (await RunsAsync(user)).Count);
        Assert.Empty(await RunsAsync(await Server.RegisterAsync()));
    }
}

public sealed class CopyDraftImportTestsOnSqlite(SqliteAdminArena arena) : CopyDraftImportTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class CopyDraftImportTestsOnPostgres(PostgresAdminArena arena) : CopyDraftImportTests(arena), IClassFixture<PostgresAdminArena>;
