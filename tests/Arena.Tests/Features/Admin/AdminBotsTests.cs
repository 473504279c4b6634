namespace Arena.Tests.Features.Admin;

public abstract class AdminBotsTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    private static object Changes(long? version, string providerId, string displayName = "Renamed", string tradingMode = "paper", int maxLeverage = 5,
        bool isActive = true) =>
        new { version, displayName, avatarUrl = "https://cdn.example.test/bot.png", providerId, tradingMode, initialBalance = 2_500.5m, maxLeverage,
            dailyTokenBudget = 1000, isActive };

    [Fact]
    public async Task A_created_bot_shows_config_status_and_account_and_reads_back()
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var id = AdminKit.NewId("bot");
        var created = await admin.CreateBotAsync(provider, id);

        Assert.Equal((id, "paper", "running", 10_000m, 10, 1L, 1), (created["id"]!.GetValue<string>(), created["tradingMode"]!.GetValue<string>(),
            created["status"]!.GetValue<string>(), created["initialBalance"]!.GetValue<decimal>(), created["maxLeverage"]!.GetValue<int>(),
            created["version"]!.GetValue<long>(), created["activePromptVersion"]!.GetValue<int>()));
        Assert.Equal((10_000m, 0, 0), (created["account"]!["balance"]!.GetValue<decimal>(), created["account"]!["tradeCount"]!.GetValue<int>(),
            created["openPositions"]!.GetValue<int>()));
        Assert.Null(created["prompt"]);
        var read = await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync();
        Assert.Equal(created.ToJsonString(), read.ToJsonString());
        var list = (await (await admin.Client.GetAsync("/api/admin/bots")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(read.ToJsonString(), list.Single(b => b!["id"]!.GetValue<string>() == id)!.ToJsonString());
        await Server.AssertAuditedAsync(admin, "bots", id, "created");
        await (await admin.Client.GetAsync("/api/admin/bots/no-such-bot")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Real_trading_mode_is_refused_with_the_reason_and_nothing_is_written()
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var id = AdminKit.NewId("bot");
        var before = await Server.ConfigSnapshotAsync();

        var refused = await (await admin.Client.PostAsJsonAsync("/api/admin/bots", AdminKit.NewBot(id, provider, tradingMode: "real")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "tradingMode");
        Assert.Contains("exchange adapter does not exist", refused["errors"]!["tradingMode"]![0]!.GetValue<string>());
        Assert.Equal(before, await Server.ConfigSnapshotAsync());

        await admin.CreateBotAsync(provider, id);
        await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", Changes(1, provider, tradingMode: "real")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "tradingMode");
        Assert.Equal("paper", (await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync())["tradingMode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_written()
    {
        var admin = await arena.AdminAsync();
        var before = await Server.ConfigSnapshotAsync();
        await (await admin.Client.PostAsJsonAsync("/api/admin/bots", new { id = "No Spaces!", displayName = "", providerId = "", initialBalance = -1m,
                maxLeverage = 126, dailyTokenBudget = -5, prompt = " ", avatarUrl = "javascript:alert(1)" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "id", "displayName", "providerId", "initialBalance", "maxLeverage", "dailyTokenBudget", "prompt", "avatarUrl");
        await (await admin.Client.PostAsJsonAsync("/api/admin/bots", AdminKit.NewBot(AdminKit.NewId("bot"), "no-such-provider")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "providerId");
        await (await admin.Client.PostAsJsonAsync("/api/admin/bots", new { id = AdminKit.NewId("bot"), tradingMode = "moon" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "tradingMode");
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Fact]
    public async Task An_update_replaces_the_configuration_and_a_stale_or_missing_version_changes_nothing()
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var other = await admin.CreateRulesProviderAsync("breakout");
        var id = (await admin.CreateBotAsync(provider))["id"]!.GetValue<string>();

        var updated = await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", Changes(1, other))).AssertOkJsonAsync();
        Assert.Equal(("Renamed", other, 2_500.5m, 5, 1000, 2L), (updated["displayName"]!.GetValue<string>(), updated["providerId"]!.GetValue<string>(),
            updated["initialBalance"]!.GetValue<decimal>(), updated["maxLeverage"]!.GetValue<int>(), updated["dailyTokenBudget"]!.GetValue<int>(),
            updated["version"]!.GetValue<long>()));
        await Server.AssertAuditedAsync(admin, "bots", id, "updated");

        var before = await Server.ConfigSnapshotAsync();
        await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", Changes(1, provider, displayName: "Stale"))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", Changes(null, provider))).AssertProblemAsync(HttpStatusCode.BadRequest, "version");
        await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", new { version = 2, displayName = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "tradingMode", "initialBalance", "maxLeverage", "isActive", "displayName", "providerId");
        await (await admin.Client.PutAsJsonAsync("/api/admin/bots/no-such-bot", Changes(1, provider))).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Fact]
    public async Task Of_concurrent_updates_from_the_same_version_exactly_one_wins()
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var id = (await admin.CreateBotAsync(provider))["id"]!.GetValue<string>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", Changes(1, provider, displayName: $"Writer {i}"))));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var read = await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync();
        Assert.Equal(2L, read["version"]!.GetValue<long>());
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).AssertOkJsonAsync();
        Assert.Equal(winner["displayName"]!.GetValue<string>(), read["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pausing_and_resuming_through_http_change_the_status_and_the_version()
    {
        var admin = await arena.AdminAsync();
        var id = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();

        var paused = await (await admin.Client.PostAsync($"/api/admin/bots/{id}/pause", null)).AssertOkJsonAsync();
        Assert.Equal(("paused", true, 2L), (paused["status"]!.GetValue<string>(), paused["isPaused"]!.GetValue<bool>(), paused["version"]!.GetValue<long>()));
        Assert.Equal("paused", (await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync())["status"]!.GetValue<string>());
        var again = await (await admin.Client.PostAsync($"/api/admin/bots/{id}/pause", null)).AssertOkJsonAsync();
        Assert.Equal(2L, again["version"]!.GetValue<long>());

        var resumed = await (await admin.Client.PostAsync($"/api/admin/bots/{id}/resume", null)).AssertOkJsonAsync();
        Assert.Equal(("running", false, 3L), (resumed["status"]!.GetValue<string>(), resumed["isPaused"]!.GetValue<bool>(), resumed["version"]!.GetValue<long>()));
        await Server.AssertAuditedAsync(admin, "bots", id, "paused");
        await Server.AssertAuditedAsync(admin, "bots", id, "resumed");
        foreach (var action in new[] { "pause", "resume", "reset", "force-summarize" })
            await (await admin.Client.PostAsync($"/api/admin/bots/no-such-bot/{action}", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deactivated_bot_shows_inactive_and_force_summarize_without_history_is_a_conflict()
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var id = (await admin.CreateBotAsync(provider, isActive: false))["id"]!.GetValue<string>();
        Assert.Equal("inactive", (await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync())["status"]!.GetValue<string>());
        var refused = await (await admin.Client.PostAsync($"/api/admin/bots/{id}/force-summarize", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Nothing to summarize", refused["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bot_that_never_traded_is_deleted_with_its_prompts()
    {
        var admin = await arena.AdminAsync();
        var id = (await admin.CreateBotAsync(await admin.CreateRulesProviderAsync()))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/admin/bots/{id}")).StatusCode);

        await (await admin.Client.GetAsync($"/api/admin/bots/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.GetAsync($"/api/admin/bots/{id}/prompts")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync($"/api/admin/bots/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await Server.CountAsync("SELECT count(*) FROM bot_prompts WHERE bot_id = @id", new { id }));
        await Server.AssertAuditedAsync(admin, "bots", id, "deleted");
    }

    [Fact]
    public async Task The_api_document_gives_the_bot_trading_modes_and_statuses_their_wire_names()
    {
        using var anonymous = Server.CreateClient();
        var schemas = (await (await anonymous.GetAsync("/openapi/v1.json")).AssertOkJsonAsync())["components"]!["schemas"]!;
        Assert.Equal(["paper", "real"], schemas["BotTradingMode"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["running", "paused", "inactive", "budget_exhausted"], schemas["BotStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("#/components/schemas/BotTradingMode", schemas["AdminBotView"]!["properties"]!["tradingMode"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bot_writes_survive_a_restart()
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var id = (await admin.CreateBotAsync(provider))["id"]!.GetValue<string>();
        await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", Changes(1, provider))).AssertOkJsonAsync();
        var before = (await (await admin.Client.PostAsync($"/api/admin/bots/{id}/pause", null)).AssertOkJsonAsync()).ToJsonString();

        await Server.RestartAsync();
        using var client = Server.CreateClient(admin.Token);
        Assert.Equal(before, (await (await client.GetAsync($"/api/admin/bots/{id}")).AssertOkJsonAsync()).ToJsonString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"0\"")]
    [InlineData("\" paper\"")]
    [InlineData("\"Paper\"")]
    [InlineData("\"PAPER\"")]
    [InlineData("\"\\ud800\"")]
    public async Task A_trading_mode_is_read_only_in_its_documented_spelling(string tradingMode)
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var before = await Server.ConfigSnapshotAsync();
        var body = $$"""
            {"id":"{{AdminKit.NewId("bot")}}","displayName":"Strict","providerId":"{{provider}}","tradingMode":{{tradingMode}},
             "initialBalance":1000,"maxLeverage":5,"isActive":true,"prompt":"{{AdminKit.Prompt}}"}
            """;

        await (await admin.Client.SendTextAsync(HttpMethod.Post, "/api/admin/bots", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "tradingMode");

        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Theory]
    [InlineData("Evil\u202Egnp.exe")]
    [InlineData("Iso\u2067late")]
    [InlineData("Line\nbreak")]
    [InlineData("Nul\u0000")]
    [InlineData("Zero\uFEFFwidth")]
    public async Task A_display_name_that_does_not_show_what_it_says_is_refused_on_create_and_update(string displayName)
    {
        var admin = await arena.AdminAsync();
        var provider = await admin.CreateRulesProviderAsync();
        var id = AdminKit.NewId("bot");
        await admin.CreateBotAsync(provider, id);
        var before = await Server.ConfigSnapshotAsync();

        var created = new JsonObject { ["id"] = AdminKit.NewId("bot"), ["displayName"] = displayName, ["providerId"] = provider, ["tradingMode"] = "paper",
            ["initialBalance"] = 1000, ["maxLeverage"] = 5, ["prompt"] = AdminKit.Prompt };
        await (await admin.Client.PostAsJsonAsync("/api/admin/bots", created)).AssertProblemAsync(HttpStatusCode.BadRequest, "displayName");
        await (await admin.Client.PutAsJsonAsync($"/api/admin/bots/{id}", Changes(1, provider, displayName: displayName)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "displayName");

        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }
}

public sealed class AdminBotsTestsOnSqlite(SqliteAdminArena arena) : AdminBotsTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class AdminBotsTestsOnPostgres(PostgresAdminArena arena) : AdminBotsTests(arena), IClassFixture<PostgresAdminArena>;
