using Arena.Grains.Users;
using static Arena.Tests.Features.Preferences.PreferenceDocuments;

namespace Arena.Tests.Features.Preferences;

public abstract class PreferencesTests(ArenaFixture arena)
{
    private const string Path = "/api/preferences";

    private static readonly JsonNode Defaults = JsonNode.Parse("""
        {"timeframe":"1h","speed":"normal","sfx":true,"signals":true,"language":"en","theme":"dark","dataSource":"simulated",
         "universe":"NIFTY50","marketRegion":"Global","riskProfile":"Moderate",
         "tradingModes":{"intraday":true,"swing":true,"options":false,"futures":true},
         "primaryMode":"Intraday","auxiliaryModes":[],"disclosureAcceptedAt":null,"updatedAt":null}
        """)!;

    private ArenaServer Server => arena.Server;

    public static TheoryData<string> Paths => new() { "/api/preferences", "/api/v1/preferences" };

    private static Task<HttpResponseMessage> Patch(TestUser user, string json, string path = Path, string contentType = "application/merge-patch+json") =>
        user.Client.SendTextAsync(HttpMethod.Patch, path, json, contentType);

    private static Task<HttpResponseMessage> Put(TestUser user, JsonNode body, string path = Path) =>
        user.Client.SendTextAsync(HttpMethod.Put, path, body.ToJsonString());

    private static async Task<JsonNode> Read(HttpClient client, string path = Path) => await (await client.GetAsync(path)).AssertOkJsonAsync();

    /// <summary>The document without <c>updatedAt</c>, to compare preferences alone.</summary>
    private static JsonNode Values(JsonNode body)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove("updatedAt");
        return copy;
    }

    private static void AssertSameJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected.ToJsonString()}\nActual   {actual.ToJsonString()}");

    [Fact]
    public async Task A_new_user_reads_every_default_and_no_updatedAt()
    {
        var user = await Server.RegisterAsync();

        AssertSameJson(Defaults, await Read(user.Client));
    }

    [Fact]
    public async Task Put_replaces_everything_reads_back_and_bumps_the_version_once()
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);

        var put = await (await Put(user, NonDefault())).AssertOkJsonAsync();

        AssertSameJson(NonDefault(), Values(put));
        Assert.NotNull(put["updatedAt"]);
        AssertSameJson(put, await Read(user.Client));
        Assert.Equal(before + 1, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Put_without_some_fields_names_each_missing_one_and_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);
        var body = NonDefault();
        body.Remove("theme");
        body.Remove("auxiliaryModes");
        body.Remove("disclosureAcceptedAt");

        var problem = await (await Put(user, body)).AssertProblemAsync(HttpStatusCode.BadRequest, "theme", "auxiliaryModes", "disclosureAcceptedAt");

        Assert.Equal(3, problem["errors"]!.AsObject().Count);
        AssertSameJson(Defaults, await Read(user.Client));
        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Put_accepts_a_null_disclosure_time_and_stores_it_as_never_accepted()
    {
        var user = await Server.RegisterAsync();
        var body = NonDefault();
        body["disclosureAcceptedAt"] = null;

        var put = await (await Put(user, body)).AssertOkJsonAsync();

        Assert.Null(put["disclosureAcceptedAt"]);
        Assert.Null(await Server.ScalarAsync<string>("SELECT disclosure_accepted_at FROM user_preferences WHERE user_id = @id", new { id = user.Id }));
    }

    [Theory]
    [MemberData(nameof(PreferenceDocuments.UnknownEnumValues), MemberType = typeof(PreferenceDocuments))]
    public async Task An_unknown_value_of_an_enumerated_field_is_rejected_naming_the_field_and_writes_nothing(string field, JsonNode value)
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);
        var body = NonDefault();
        body[field] = value.DeepClone();

        var viaPut = await (await Put(user, body)).AssertProblemAsync(HttpStatusCode.BadRequest, field);
        var viaPatch = await (await Patch(user, new JsonObject { [field] = value.DeepClone() }.ToJsonString())).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.StartsWith("Must be one of: ", viaPut["errors"]![field]![0]!.GetValue<string>());
        Assert.Equal(viaPut["errors"]![field]!.ToJsonString(), viaPatch["errors"]![field]!.ToJsonString());
        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
    }

    [Theory]
    [InlineData("""{"primaryMode":"Options"}""", "primaryMode")]
    [InlineData("""{"tradingModes":{"intraday":false}}""", "primaryMode")]
    [InlineData("""{"auxiliaryModes":["Options"]}""", "auxiliaryModes")]
    [InlineData("""{"auxiliaryModes":["Intraday"]}""", "auxiliaryModes")]
    [InlineData("""{"auxiliaryModes":["Swing","Swing"]}""", "auxiliaryModes")]
    [InlineData("""{"disclosureAcceptedAt":"2999-01-01T00:00:00Z"}""", "disclosureAcceptedAt")]
    public async Task Cross_field_rules_are_checked_on_the_merged_result_and_a_violation_writes_nothing(string patch, string field)
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);

        await (await Patch(user, patch)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        AssertSameJson(Defaults, await Read(user.Client));
        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Rules_see_the_stored_values_a_patch_leaves_alone()
    {
        var user = await Server.RegisterAsync();
        await (await Put(user, NonDefault())).AssertOkJsonAsync(); // primary Swing, auxiliary Options

        await (await Patch(user, """{"tradingModes":{"swing":false}}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "primaryMode");
        await (await Patch(user, """{"tradingModes":{"options":false}}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "auxiliaryModes");
        await (await Patch(user, """{"primaryMode":"Options"}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "auxiliaryModes");
        var moved = await (await Patch(user, """{"primaryMode":"Options","auxiliaryModes":["Swing"]}""")).AssertOkJsonAsync();

        Assert.Equal("Options", moved["primaryMode"]!.GetValue<string>());
        Assert.Equal("""["Swing"]""", moved["auxiliaryModes"]!.ToJsonString());
    }

    [Fact]
    public async Task A_disclosure_time_slightly_ahead_of_the_server_clock_is_accepted()
    {
        var user = await Server.RegisterAsync();
        var inAMinute = DateTimeOffset.UtcNow.AddMinutes(1);
        var soon = inAMinute.AddTicks(-(inAMinute.Ticks % TimeSpan.TicksPerSecond)).ToString("O");

        var patched = await (await Patch(user, new JsonObject { ["disclosureAcceptedAt"] = soon }.ToJsonString())).AssertOkJsonAsync();

        Assert.Equal(DateTimeOffset.Parse(soon), patched["disclosureAcceptedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Patch_merges_nested_trading_modes_and_replaces_arrays()
    {
        var user = await Server.RegisterAsync();
        await (await Patch(user, """{"auxiliaryModes":["Swing","Futures"]}""")).AssertOkJsonAsync();

        var patched = await (await Patch(user, """{"tradingModes":{"swing":false},"auxiliaryModes":["Futures"]}""")).AssertOkJsonAsync();

        var expected = Defaults.DeepClone();
        expected["tradingModes"]!["swing"] = false;
        expected["auxiliaryModes"] = new JsonArray("Futures");
        AssertSameJson(Values(expected), Values(patched));
        AssertSameJson(patched, await Read(user.Client));
    }

    [Fact]
    public async Task Null_in_a_patch_resets_the_field_to_its_default_and_stores_it_as_never_set()
    {
        var user = await Server.RegisterAsync();
        await (await Put(user, NonDefault())).AssertOkJsonAsync();

        var patched = await (await Patch(user, """{"theme":null,"tradingModes":null,"primaryMode":null,"auxiliaryModes":null}""")).AssertOkJsonAsync();

        Assert.Equal("dark", patched["theme"]!.GetValue<string>());
        AssertSameJson(Defaults["tradingModes"]!, patched["tradingModes"]!);
        Assert.Equal("Intraday", patched["primaryMode"]!.GetValue<string>());
        Assert.Equal("4h", patched["timeframe"]!.GetValue<string>());
        Assert.Null(await Server.ScalarAsync<string>("SELECT theme FROM user_preferences WHERE user_id = @id", new { id = user.Id }));
        Assert.Null(await Server.ScalarAsync<bool?>("SELECT mode_swing FROM user_preferences WHERE user_id = @id", new { id = user.Id }));
    }

    [Theory]
    [InlineData("""{"theme":"light","colour":"red"}""", "colour")]
    [InlineData("""{"tradingModes":{"scalping":true}}""", "tradingModes.scalping")]
    [InlineData("""["theme"]""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("""42""", "body")]
    [InlineData("""{"theme":""", "body")]
    public async Task Unknown_fields_and_bodies_that_are_not_objects_are_rejected_and_write_nothing(string body, string field)
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);

        await (await Patch(user, body)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        AssertSameJson(Defaults, await Read(user.Client));
        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Patch_takes_merge_patch_or_plain_json_and_refuses_other_media_types()
    {
        var user = await Server.RegisterAsync();

        await (await Patch(user, """{"theme":"light"}""", contentType: "application/merge-patch+json")).AssertOkJsonAsync();
        await (await Patch(user, """{"speed":"fast"}""", contentType: "application/json")).AssertOkJsonAsync();
        var before = await Server.UserVersionAsync(user.Id);
        await (await Patch(user, """{"sfx":false}""", contentType: "text/plain")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await user.Client.SendTextAsync(HttpMethod.Put, Path, NonDefault().ToJsonString(), "text/plain")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
        Assert.True((await Read(user.Client))["sfx"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read_and_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);
        var huge = new JsonObject { ["theme"] = "light", ["padding"] = new string(' ', 40_000) }.ToJsonString();

        await (await Patch(user, huge)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");

        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task A_change_that_changes_nothing_does_not_write()
    {
        var user = await Server.RegisterAsync();
        var first = await (await Put(user, NonDefault())).AssertOkJsonAsync();
        var version = await Server.UserVersionAsync(user.Id);

        var again = await (await Put(user, NonDefault())).AssertOkJsonAsync();
        var roundTrip = await (await Put(user, first)).AssertOkJsonAsync(); // a GET body, updatedAt included, can be sent back
        var same = await (await Patch(user, """{"theme":"light","tradingModes":{"swing":true}}""")).AssertOkJsonAsync();
        var empty = await (await Patch(user, "{}")).AssertOkJsonAsync();

        Assert.All(new[] { again, roundTrip, same, empty }, body => AssertSameJson(first, body));
        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Setting_a_field_to_its_default_value_is_a_change_it_is_no_longer_unset()
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);

        var patched = await (await Patch(user, """{"theme":"dark"}""")).AssertOkJsonAsync();

        AssertSameJson(Values(Defaults), Values(patched));
        Assert.NotNull(patched["updatedAt"]);
        Assert.Equal("dark", await Server.ScalarAsync<string>("SELECT theme FROM user_preferences WHERE user_id = @id", new { id = user.Id }));
        Assert.Equal(before + 1, await Server.UserVersionAsync(user.Id));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Each_path_serves_read_replace_patch_and_validation_the_same_way(string path)
    {
        var user = await Server.RegisterAsync();

        AssertSameJson(Defaults, await Read(user.Client, path));
        AssertSameJson(NonDefault(), Values(await (await Put(user, NonDefault(), path)).AssertOkJsonAsync()));
        var patched = await (await Patch(user, """{"theme":"system","tradingModes":{"futures":true}}""", path)).AssertOkJsonAsync();
        await (await Patch(user, """{"bogus":1}""", path)).AssertProblemAsync(HttpStatusCode.BadRequest, "bogus");
        await (await Put(user, new JsonObject(), path)).AssertProblemAsync(HttpStatusCode.BadRequest, FieldNames);

        var expected = NonDefault();
        expected["theme"] = "system";
        expected["tradingModes"]!["futures"] = true;
        AssertSameJson(expected, Values(patched));
        AssertSameJson(patched, await Read(user.Client, path));
    }

    [Fact]
    public async Task The_v1_path_and_the_api_path_are_one_and_the_same_preferences()
    {
        var user = await Server.RegisterAsync();

        await (await Patch(user, """{"universe":"SENSEX"}""", "/api/v1/preferences")).AssertOkJsonAsync();
        await (await Patch(user, """{"riskProfile":"Conservative"}""", "/api/preferences")).AssertOkJsonAsync();

        var v1 = await Read(user.Client, "/api/v1/preferences");
        AssertSameJson(v1, await Read(user.Client, "/api/preferences"));
        Assert.Equal("SENSEX", v1["universe"]!.GetValue<string>());
        Assert.Equal("Conservative", v1["riskProfile"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Preferences_need_a_session(string path)
    {
        using var anonymous = Server.CreateClient();

        await (await anonymous.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.SendTextAsync(HttpMethod.Put, path, NonDefault().ToJsonString())).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.SendTextAsync(HttpMethod.Patch, path, """{"theme":"light"}""", "application/merge-patch+json")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_only_ever_reads_and_writes_their_own_preferences()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        var bobs = await (await Put(bob, NonDefault())).AssertOkJsonAsync();

        // No id appears in these routes; a smuggled one changes nothing.
        AssertSameJson(Defaults, await Read(alice.Client, $"{Path}?userId={bob.Id}"));
        await (await Patch(alice, """{"theme":"system"}""", $"{Path}?userId={bob.Id}")).AssertOkJsonAsync();

        AssertSameJson(bobs, await Read(bob.Client));
        Assert.Equal("system", (await Read(alice.Client))["theme"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_patches_to_different_fields_all_land_and_each_change_bumps_the_version_once()
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);
        string[] changes =
        [
            """{"timeframe":"5m"}""", """{"speed":"slow"}""", """{"sfx":false}""", """{"signals":false}""", """{"language":"ja"}""",
            """{"theme":"system"}""", """{"dataSource":"binance"}""", """{"universe":"SENSEX"}""", """{"marketRegion":"India"}""",
            """{"riskProfile":"Conservative"}""", """{"tradingModes":{"options":true}}""", """{"tradingModes":{"swing":false}}""",
            """{"auxiliaryModes":["Futures"]}""", """{"disclosureAcceptedAt":"2025-02-01T00:00:00Z"}""",
        ];
        var noOps = Enumerable.Repeat("{}", 6);

        var responses = await Task.WhenAll(changes.Concat(noOps).Select(json => Patch(user, json)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var final = await Read(user.Client);
        var expected = JsonNode.Parse("""
            {"timeframe":"5m","speed":"slow","sfx":false,"signals":false,"language":"ja","theme":"system","dataSource":"binance",
             "universe":"SENSEX","marketRegion":"India","riskProfile":"Conservative",
             "tradingModes":{"intraday":true,"swing":false,"options":true,"futures":true},
             "primaryMode":"Intraday","auxiliaryModes":["Futures"],"disclosureAcceptedAt":"2025-02-01T00:00:00+00:00"}
            """)!;
        AssertSameJson(expected, Values(final));
        Assert.Equal(before + changes.Length, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Preferences_read_back_identically_after_a_restart()
    {
        var user = await Server.RegisterAsync();
        var untouched = await Server.RegisterAsync();
        await (await Put(user, NonDefault())).AssertOkJsonAsync();
        var before = await (await user.Client.GetAsync(Path)).Content.ReadAsStringAsync();

        await Server.RestartAsync();

        using var client = Server.CreateClient(user.Token);
        using var other = Server.CreateClient(untouched.Token);
        Assert.Equal(before, await (await client.GetAsync(Path)).Content.ReadAsStringAsync());
        AssertSameJson(Defaults, await Read(other));
    }

    [Fact]
    public async Task An_import_fills_only_fields_never_set_and_reports_which()
    {
        var user = await Server.RegisterAsync();
        var grain = Server.GetService<IGrainFactory>().GetGrain<IUserGrain>(user.Id);
        await (await Patch(user, """{"theme":"light","tradingModes":{"options":true}}""")).AssertOkJsonAsync();
        var local = StoredPreferences.Unset with
        {
            Theme = Theme.System,
            Universe = Universe.Nifty500,
            TradingModes = new TradingModes(true, false, false, false),
            AuxiliaryModes = [TradingMode.Options],
        };

        var fill = await grain.FillUnsetPreferences(local);
        var version = await Server.UserVersionAsync(user.Id);
        var again = await grain.FillUnsetPreferences(local);

        Assert.Equal(["universe", "auxiliaryModes"], fill.Value!.Applied);
        Assert.Equal(Theme.Light, fill.Value.Preferences.Theme);
        Assert.True(fill.Value.Preferences.TradingModes.Options);
        Assert.Empty(again.Value!.Applied);
        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
        Assert.Equal("NIFTY500", (await Read(user.Client))["universe"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_import_that_would_break_a_rule_is_refused_and_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        var grain = Server.GetService<IGrainFactory>().GetGrain<IUserGrain>(user.Id);
        var before = await Server.UserVersionAsync(user.Id);

        var fill = await grain.FillUnsetPreferences(StoredPreferences.Unset with { PrimaryMode = TradingMode.Options, Theme = Theme.Light });

        Assert.Equal(["primaryMode"], fill.Rejection!.Errors!.Keys);
        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
        AssertSameJson(Defaults, await Read(user.Client));
    }

    public static TheoryData<string, string, string> NotText => new()
    {
        { "/api/preferences", """{"theme":"\ud800x"}""", "theme" },
        { "/api/v1/preferences", """{"theme":"\ud800x"}""", "theme" },
        { "/api/preferences", """{"primaryMode":"\udc00"}""", "primaryMode" },
        { "/api/v1/preferences", """{"timeframe":"1\ud800h"}""", "timeframe" },
        { "/api/preferences", """{"auxiliaryModes":["Swing","\ud800"]}""", "auxiliaryModes[1]" },
        { "/api/preferences", """{"disclosureAcceptedAt":"\ud800"}""", "disclosureAcceptedAt" },
        { "/api/v1/preferences", """{"tradingModes":{"\ud800":true}}""", "tradingModes" },
        { "/api/preferences", """{"\ud800":"dark"}""", "body" },
    };

    [Theory]
    [MemberData(nameof(NotText))]
    public async Task A_lone_surrogate_escape_is_a_400_naming_the_field_and_nothing_is_written(string path, string json, string field)
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);

        var problem = await (await Patch(user, json, path)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
        AssertSameJson(Defaults, await Read(user.Client, path));
        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task A_replacement_with_a_lone_surrogate_escape_is_a_400_naming_the_field()
    {
        var user = await Server.RegisterAsync();
        var json = NonDefault().ToJsonString().Replace("\"light\"", "\"\\ud800light\"", StringComparison.Ordinal);
        Assert.Contains("\\ud800", json);

        await (await user.Client.SendTextAsync(HttpMethod.Put, Path, json)).AssertProblemAsync(HttpStatusCode.BadRequest, "theme");

        AssertSameJson(Defaults, await Read(user.Client));
    }

    [Theory]
    [InlineData("""{"primaryMode":0}""", "primaryMode")]
    [InlineData("""{"primaryMode":"0"}""", "primaryMode")]
    [InlineData("""{"primaryMode":" Swing"}""", "primaryMode")]
    [InlineData("""{"primaryMode":"swing"}""", "primaryMode")]
    [InlineData("""{"theme":"DARK"}""", "theme")]
    [InlineData("""{"auxiliaryModes":[1]}""", "auxiliaryModes")]
    public async Task Enum_fields_accept_only_their_documented_spelling(string json, string field)
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);

        await (await Patch(user, json)).AssertProblemAsync(HttpStatusCode.BadRequest, field);

        Assert.Equal(before, await Server.UserVersionAsync(user.Id));
    }
}

public sealed class PreferencesTestsOnSqlite(SqliteArena arena) : PreferencesTests(arena), IClassFixture<SqliteArena>;

public sealed class PreferencesTestsOnPostgres(PostgresArena arena) : PreferencesTests(arena), IClassFixture<PostgresArena>;
