using Arena.Grains.Bots;

namespace Arena.Tests.Features.Admin;

public abstract class AdminSettingsTests(AdminArena arena)
{
    private ArenaServer Server => arena.Server;

    private async Task<JsonNode> GetAsync(string key) =>
        await (await (await arena.AdminAsync()).Client.GetAsync($"/api/admin/settings/{key}")).AssertOkJsonAsync();

    [Fact]
    public async Task The_list_shows_every_catalog_setting_with_type_default_bounds_and_source()
    {
        var admin = await arena.AdminAsync();
        var list = (await (await admin.Client.GetAsync("/api/admin/settings")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(SettingCatalog.All.Select(d => d.Key), list.Select(s => s!["key"]!.GetValue<string>()));
        var fee = list.Single(s => s!["key"]!.GetValue<string>() == "takerFeeRate")!;
        Assert.Equal(("decimal", "0.0005", "0", "0.01"), (fee["type"]!.GetValue<string>(), fee["default"]!.GetValue<string>(),
            fee["min"]!.GetValue<string>(), fee["max"]!.GetValue<string>()));
        var turn = list.Single(s => s!["key"]!.GetValue<string>() == "turnInterval")!;
        Assert.Equal(("duration", "configuration", "00:00:00.0500000", "1.00:00:00"), (turn["type"]!.GetValue<string>(), turn["source"]!.GetValue<string>(),
            turn["min"]!.GetValue<string>(), turn["max"]!.GetValue<string>()));
        var killSwitch = list.Single(s => s!["key"]!.GetValue<string>() == "realTradingEnabled")!;
        Assert.Equal(("boolean", "false", null), (killSwitch["type"]!.GetValue<string>(), killSwitch["value"]!.GetValue<string>(), killSwitch["min"]));
        Assert.All(list, s => Assert.False(string.IsNullOrEmpty(s!["description"]!.GetValue<string>())));
    }

    [Fact]
    public async Task A_setting_round_trips_takes_effect_and_resets_to_its_default()
    {
        var admin = await arena.AdminAsync();
        var settings = Server.GetService<SettingsService>();
        var put = await (await admin.Client.PutAsJsonAsync("/api/admin/settings/maxOpenPositions", new { value = 7 })).AssertOkJsonAsync();
        Assert.Equal(("7", "5", "database"), (put["value"]!.GetValue<string>(), put["default"]!.GetValue<string>(), put["source"]!.GetValue<string>()));
        Assert.NotNull(put["updatedAt"]);
        Assert.Equal(put.ToJsonString(), (await GetAsync("maxOpenPositions")).ToJsonString());
        Assert.Equal(7, (await settings.CurrentAsync()).Rules.MaxOpenPositions);
        await Server.AssertAuditedAsync(admin, "settings", "maxOpenPositions", "set");

        await (await admin.Client.PutAsJsonAsync("/api/admin/settings/symbolCooldown", new { value = "00:01:30" })).AssertOkJsonAsync();
        await (await admin.Client.PutAsJsonAsync("/api/admin/settings/takerFeeRate", new { value = 0.0004m })).AssertOkJsonAsync();
        Assert.Equal(("00:01:30", "0.0004"), ((await GetAsync("symbolCooldown"))["value"]!.GetValue<string>(), (await GetAsync("takerFeeRate"))["value"]!.GetValue<string>()));

        var reset = await (await admin.Client.DeleteAsync("/api/admin/settings/maxOpenPositions")).AssertOkJsonAsync();
        Assert.Equal(("5", "default"), (reset["value"]!.GetValue<string>(), reset["source"]!.GetValue<string>()));
        Assert.Null(reset["updatedAt"]);
        Assert.Equal(5, (await settings.CurrentAsync()).Rules.MaxOpenPositions);
        await Server.AssertAuditedAsync(admin, "settings", "maxOpenPositions", "reset");
        foreach (var key in new[] { "symbolCooldown", "takerFeeRate" }) await admin.Client.DeleteAsync($"/api/admin/settings/{key}");
    }

    [Fact]
    public async Task Post_stores_an_override_once_and_then_conflicts()
    {
        var admin = await arena.AdminAsync();
        var created = await admin.Client.PostAsJsonAsync("/api/admin/settings", new { key = "summarizeAfter", value = "30" });
        Assert.Equal("30", (await created.AssertOkJsonAsync(HttpStatusCode.Created))["value"]!.GetValue<string>());
        Assert.Equal("/api/admin/settings/summarizeAfter", created.Headers.Location!.OriginalString);

        await (await admin.Client.PostAsJsonAsync("/api/admin/settings", new { key = "summarizeAfter", value = "40" })).AssertProblemAsync(HttpStatusCode.Conflict, "key");
        Assert.Equal("30", (await GetAsync("summarizeAfter"))["value"]!.GetValue<string>());
        await (await admin.Client.PostAsJsonAsync("/api/admin/settings", new { key = "noSuchSetting", value = "1" })).AssertProblemAsync(HttpStatusCode.BadRequest, "key");
        await admin.Client.DeleteAsync("/api/admin/settings/summarizeAfter");
    }

    [Theory]
    [InlineData("maxOpenPositions", "0", "between 1 and 100")]
    [InlineData("maxOpenPositions", "2.5", "whole number")]
    [InlineData("takerFeeRate", "0.5", "between 0 and 0.01")]
    [InlineData("turnInterval", "00:00:00.01", "between 0.05 and 86400 seconds")]
    [InlineData("turnInterval", "soon", "duration")]
    [InlineData("realTradingEnabled", "yes", "true or false")]
    [InlineData("promptWindow", "", "required")]
    public async Task An_invalid_value_is_400_naming_value_with_what_is_allowed_and_nothing_is_written(string key, string value, string hint)
    {
        var admin = await arena.AdminAsync();
        var before = await Server.ConfigSnapshotAsync();
        var problem = await (await admin.Client.PutAsJsonAsync($"/api/admin/settings/{key}", new { value })).AssertProblemAsync(HttpStatusCode.BadRequest, "value");
        Assert.Contains(hint, problem["errors"]!["value"]![0]!.GetValue<string>());
        await (await admin.Client.PutAsJsonAsync($"/api/admin/settings/{key}", new { value = new { nested = 1 } })).AssertProblemAsync(HttpStatusCode.BadRequest, "value");
        Assert.Equal(before, await Server.ConfigSnapshotAsync());
    }

    [Fact]
    public async Task Unknown_keys_are_404()
    {
        var admin = await arena.AdminAsync();
        await (await admin.Client.GetAsync("/api/admin/settings/market.simulation")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PutAsJsonAsync("/api/admin/settings/noSuchSetting", new { value = "1" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync("/api/admin/settings/TurnInterval")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Changing_the_real_trading_kill_switch_is_logged_as_a_warning_naming_the_admin()
    {
        var admin = await arena.AdminAsync();
        await (await admin.Client.PutAsJsonAsync("/api/admin/settings/realTradingEnabled", new { value = true })).AssertOkJsonAsync();
        await (await admin.Client.DeleteAsync("/api/admin/settings/realTradingEnabled")).AssertOkJsonAsync();

        var warnings = arena.Logs.Lines.Where(l => l.Level == LogLevel.Warning && l.Message.Contains("realTradingEnabled", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Contains(admin.Id.ToString(), w.Message));
        Assert.Contains("now true", warnings[0].Message);
        Assert.Contains("now false", warnings[1].Message);
        Assert.False((await Server.GetService<SettingsService>().CurrentAsync()).RealTradingEnabled);
    }

    [Fact]
    public async Task Settings_survive_a_restart()
    {
        var admin = await arena.AdminAsync();
        var put = await (await admin.Client.PutAsJsonAsync("/api/admin/settings/snapshotRetention", new { value = "30.00:00:00" })).AssertOkJsonAsync();
        await Server.RestartAsync();
        Assert.Equal(put.ToJsonString(), (await GetAsync("snapshotRetention")).ToJsonString());
        await (await arena.AdminAsync()).Client.DeleteAsync("/api/admin/settings/snapshotRetention");
    }

    [Theory]
    [InlineData("\"\\ud800x\"", "value")]
    [InlineData("\"00:01:\\udc00\"", "value")]
    [InlineData("[\"\\ud800\"]", "value[0]")]
    [InlineData("{\"\\ud800\":1}", "value")]
    public async Task A_value_that_is_not_text_is_a_400_naming_it_and_nothing_is_written(string value, string field)
    {
        var admin = await arena.AdminAsync();
        var before = await Server.ConfigSnapshotAsync();

        await (await admin.Client.SendTextAsync(HttpMethod.Put, "/api/admin/settings/symbolCooldown", $$"""{"value":{{value}}}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await (await admin.Client.SendTextAsync(HttpMethod.Post, "/api/admin/settings", $$"""{"key":"symbolCooldown","value":{{value}}}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await (await admin.Client.SendTextAsync(HttpMethod.Post, "/api/admin/settings", """{"key":"\ud800","value":"1"}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "key");

        Assert.Equal(before, await Server.ConfigSnapshotAsync());
        Assert.Equal("default", (await GetAsync("symbolCooldown"))["source"]!.GetValue<string>());
    }
}

public sealed class AdminSettingsTestsOnSqlite(SqliteAdminArena arena) : AdminSettingsTests(arena), IClassFixture<SqliteAdminArena>;

public sealed class AdminSettingsTestsOnPostgres(PostgresAdminArena arena) : AdminSettingsTests(arena), IClassFixture<PostgresAdminArena>;
