namespace Arena.Tests.Features.Import;

public abstract class LocalStorageImportTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    private static readonly Dictionary<string, string> Arise = new()
    {
        ["arise_universe"] = "NIFTY500",
        ["arise_market_region"] = "\"India\"",
        ["arise_risk"] = "Aggressive",
        ["arise_modes"] = """{"Intraday":true,"Swing":true,"Options":false,"Futures":true}""",
        ["arise_primary_mode"] = "Swing",
        ["arise_auxiliary_modes"] = """["Futures"]""",
        ["arise_disclosure_accepted_v1"] = "2025-03-01T10:00:00Z",
        ["arise_account_profile_v1"] = """{"name":"Priya T","account_id":"ACC-77"}""",
        ["arise_watchlist"] = """["reliance", {"symbol":"tcs","exchange":"nse","notes":"core"}]""",
        ["arise_dismissed_insights_v1"] = """["insight-1","insight-2"]""",
        ["arise_picks"] = """[{"symbol":"INFY"}]""",
        ["someone_elses_key"] = "x",
    };

    private static Task<HttpResponseMessage> ImportAsync(TestUser user, object entries, DateTimeOffset? exportedAt = null) =>
        user.Client.PostAsJsonAsync("/api/import/local-storage", new { entries, exportedAt });

    private static async Task<Dictionary<string, JsonObject>> ReportAsync(HttpResponseMessage response)
    {
        var body = await response.AssertOkJsonAsync();
        return body["keys"]!.AsArray().Select(k => k!.AsObject()).ToDictionary(k => k["key"]!.GetValue<string>());
    }

    private static string Status(Dictionary<string, JsonObject> report, string key) => report[key]["status"]!.GetValue<string>();

    [Fact]
    public async Task Every_known_key_lands_in_its_table_and_caches_and_unknown_keys_are_reported_ignored()
    {
        var user = await Server.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(user, Arise));

        foreach (var key in Arise.Keys.Where(k => k.StartsWith("arise_", StringComparison.Ordinal) && k != "arise_picks"))
            Assert.Equal("imported", Status(report, key));
        Assert.Equal("ignored", Status(report, "arise_picks"));
        Assert.Equal("ignored", Status(report, "someone_elses_key"));

        var p = await (await user.Client.GetAsync("/api/preferences")).AssertOkJsonAsync();
        Assert.Equal(("NIFTY500", "India", "Aggressive", "Swing"), (p["universe"]!.GetValue<string>(), p["marketRegion"]!.GetValue<string>(),
            p["riskProfile"]!.GetValue<string>(), p["primaryMode"]!.GetValue<string>()));
        Assert.False(p["tradingModes"]!["options"]!.GetValue<bool>());
        Assert.Equal(["Futures"], p["auxiliaryModes"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), p["disclosureAcceptedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("Priya T", (await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync())["displayName"]!.GetValue<string>());
        var watchlist = (await (await user.Client.GetAsync("/api/watchlist")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(["RELIANCE", "TCS"], watchlist.Select(w => w!["symbol"]!.GetValue<string>()).Order());
        var dismissed = (await (await user.Client.GetAsync("/api/insights/dismissed")).AssertOkJsonAsync()).AsArray();
        Assert.Equal(["insight-1", "insight-2"], dismissed.Select(d => d!["insightId"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_second_identical_import_changes_nothing()
    {
        var user = await Server.RegisterAsync();
        await ReportAsync(await ImportAsync(user, Arise));
        var version = await Server.UserVersionAsync(user.Id);

        var second = await (await ImportAsync(user, Arise)).AssertOkJsonAsync();
        Assert.False(second["changed"]!.GetValue<bool>());
        Assert.All(second["keys"]!.AsArray(), k => Assert.NotEqual("imported", k!["status"]!.GetValue<string>()));
        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
        Assert.Equal(2, (await (await user.Client.GetAsync("/api/watchlist")).AssertOkJsonAsync()).AsArray().Count);
    }

    [Fact]
    public async Task Newer_server_data_is_never_overwritten_but_gaps_are_filled()
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.PatchAsJsonAsync("/api/preferences", new { riskProfile = "Conservative" })).AssertOkJsonAsync();
        await (await user.Client.PutAsJsonAsync("/api/profile", new { username = user.Username, displayName = "Server Name" })).AssertOkJsonAsync();

        var stale = DateTimeOffset.UtcNow.AddDays(-1);
        var report = await ReportAsync(await ImportAsync(user, new Dictionary<string, string> { ["arise_risk"] = "Aggressive", ["arise_universe"] = "NIFTY50",
            ["arise_account_profile_v1"] = """{"name":"Local Name"}""" }, stale));
        Assert.Equal(("ignored", "imported", "ignored"), (Status(report, "arise_risk"), Status(report, "arise_universe"), Status(report, "arise_account_profile_v1")));
        var p = await (await user.Client.GetAsync("/api/preferences")).AssertOkJsonAsync();
        Assert.Equal("Conservative", p["riskProfile"]!.GetValue<string>());
        Assert.Equal("Server Name", (await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync())["displayName"]!.GetValue<string>());

        // A storage read after the server's last change is newer: it wins.
        var fresh = await ReportAsync(await ImportAsync(user, new Dictionary<string, string> { ["arise_risk"] = "Aggressive" }, DateTimeOffset.UtcNow.AddSeconds(5)));
        Assert.Equal("imported", Status(fresh, "arise_risk"));
        Assert.Equal("Aggressive", (await (await user.Client.GetAsync("/api/preferences")).AssertOkJsonAsync())["riskProfile"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_values_are_reported_and_do_not_stop_the_valid_keys()
    {
        var user = await Server.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(user, new Dictionary<string, string>
        {
            ["arise_risk"] = "YOLO", ["arise_watchlist"] = "not json", ["arise_universe"] = "SENSEX",
            ["arise_dismissed_insights_v1"] = """["ok-id","bad id with spaces"]""",
        }));
        Assert.Equal("invalid", Status(report, "arise_risk"));
        Assert.Contains("Aggressive", report["arise_risk"]["reason"]!.GetValue<string>());
        Assert.Equal("invalid", Status(report, "arise_watchlist"));
        Assert.Equal("invalid", Status(report, "arise_dismissed_insights_v1"));
        Assert.Equal("imported", Status(report, "arise_universe"));
        Assert.Empty((await (await user.Client.GetAsync("/api/insights/dismissed")).AssertOkJsonAsync()).AsArray());
    }

    [Fact]
    public async Task Preferences_that_conflict_keep_as_much_as_stays_consistent()
    {
        var user = await Server.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(user, new Dictionary<string, string>
        {
            ["arise_modes"] = """{"Swing":true,"Options":true}""", ["arise_primary_mode"] = "Swing", ["arise_auxiliary_modes"] = """["Intraday"]""",
        }));
        Assert.Equal(("imported", "imported", "invalid"), (Status(report, "arise_modes"), Status(report, "arise_primary_mode"), Status(report, "arise_auxiliary_modes")));
        var p = await (await user.Client.GetAsync("/api/preferences")).AssertOkJsonAsync();
        Assert.Equal("Swing", p["primaryMode"]!.GetValue<string>());
        Assert.False(p["tradingModes"]!["intraday"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_copy_trade_draft_naming_no_bot_is_answered_with_why_it_cannot_become_a_copy_run()
    {
        var user = await Server.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(user, new Dictionary<string, string>
        {
            ["stockclaw_copytrade"] = """{"pair":"BTC/USDT","dir":"LONG","entry":95000,"tp":[99000],"sl":93000,"leverage":5,"sizePercent":50}""",
        }));
        Assert.Equal("invalid", Status(report, "stockclaw_copytrade"));
        Assert.Contains("names no bot to follow", report["stockclaw_copytrade"]["reason"]!.GetValue<string>());
        Assert.Empty((await (await user.Client.GetAsync("/api/copy-runs")).AssertOkJsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task The_maxi_doge_apps_keys_are_mapped_and_its_other_stores_are_left_for_later_features()
    {
        var user = await Server.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(user, new Dictionary<string, string>
        {
            ["stockclaw_state"] = """{"matchN":12,"speed":5,"timeframe":"4h","lp":2400}""",
            ["stockclaw_profile"] = """{"username":"Doge King","avatar":"/doge/doge-3.jpg","tier":"gold"}""",
            ["stockclaw_pnl"] = "[]",
        }));
        Assert.Equal(("imported", "imported", "ignored"), (Status(report, "stockclaw_state"), Status(report, "stockclaw_profile"), Status(report, "stockclaw_pnl")));
        Assert.Contains("avatar", report["stockclaw_profile"]["reason"]!.GetValue<string>());
        var p = await (await user.Client.GetAsync("/api/preferences")).AssertOkJsonAsync();
        Assert.Equal(("4h", "fast"), (p["timeframe"]!.GetValue<string>(), p["speed"]!.GetValue<string>()));
        var profile = await (await user.Client.GetAsync("/api/profile")).AssertOkJsonAsync();
        Assert.Equal("Doge King", profile["displayName"]!.GetValue<string>());
        Assert.Null(profile["avatarUrl"]);
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_is_a_400_naming_the_field_and_anonymous_is_401()
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.PostAsJsonAsync("/api/import/local-storage", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "entries");
        await (await user.Client.PostAsJsonAsync("/api/import/local-storage", new { entries = new { arise_risk = 5 } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "entries.arise_risk");
        using var anonymous = Server.CreateClient();
        await (await anonymous.PostAsJsonAsync("/api/import/local-storage", new { entries = Arise })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_import_only_ever_touches_the_callers_data_and_concurrent_imports_write_once()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        var version = await Server.UserVersionAsync(bob.Id);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ImportAsync(bob, Arise)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.Equal(version + 1, await Server.UserVersionAsync(bob.Id));
        Assert.Empty((await (await alice.Client.GetAsync("/api/watchlist")).AssertOkJsonAsync()).AsArray());
        Assert.Null((await (await alice.Client.GetAsync("/api/preferences")).AssertOkJsonAsync())["updatedAt"]);
    }
}

public sealed class LocalStorageImportTestsOnSqlite(SqliteArena arena) : LocalStorageImportTests(arena), IClassFixture<SqliteArena>;

public sealed class LocalStorageImportTestsOnPostgres(PostgresArena arena) : LocalStorageImportTests(arena), IClassFixture<PostgresArena>;
