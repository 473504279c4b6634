namespace Arena.Tests.Features.UiState;

public abstract class UiStateTests(ArenaFixture arena)
{
    private const string Path = "/api/ui-state";

    /// <summary>Values of every JSON kind, with spacing, escapes and number forms a re-serializer would change.</summary>
    private static readonly string[] ValueTexts =
    [
        """{ "filter" : { "agents": ["Grok", "DeepSeek"] ,"minConfidence":0.70 } }""",
        "[1, 2.50, 1e3, -0.0, \"x\"]",
        "\"7d \\u00e9 é \\n 🚀\"",
        "1.500",
        "true",
        "null",
        "\n\t{}\n",
    ];

    public static TheoryData<string> Values => new(ValueTexts);

    private ArenaServer Server => arena.Server;

    private static Task<HttpResponseMessage> Put(HttpClient client, string key, string body, string contentType = "application/json") =>
        client.SendTextAsync(HttpMethod.Put, $"{Path}/{key}", body, contentType);

    private static async Task<byte[]> RawValue(HttpClient client, string key)
    {
        var response = await client.GetAsync($"{Path}/{key}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonArray> Entries(HttpClient client) =>
        (await (await client.GetAsync(Path)).AssertOkJsonAsync())["entries"]!.AsArray();

    [Theory]
    [MemberData(nameof(Values))]
    public async Task A_value_of_any_json_kind_reads_back_byte_for_byte(string json)
    {
        var user = await Server.RegisterAsync();

        var put = await (await Put(user.Client, "panel.layout", json)).AssertOkJsonAsync();

        Assert.Equal(Encoding.UTF8.GetBytes(json), await RawValue(user.Client, "panel.layout"));
        Assert.Equal("panel.layout", put["key"]!.GetValue<string>());
        Assert.NotNull(put["updatedAt"]);
    }

    [Fact]
    public async Task The_listing_has_every_key_in_order_with_its_exact_value_and_time()
    {
        var user = await Server.RegisterAsync();
        await (await Put(user.Client, "signals_filter", """{"dir" : "long"}""")).AssertOkJsonAsync();
        var oracle = await (await Put(user.Client, "oracle:period", "\"30d\"")).AssertOkJsonAsync();

        var text = await (await user.Client.GetAsync(Path)).Content.ReadAsStringAsync();
        var entries = JsonNode.Parse(text)!["entries"]!.AsArray();

        Assert.Equal(["oracle:period", "signals_filter"], entries.Select(e => e!["key"]!.GetValue<string>()));
        Assert.Contains("""
            "value":{"dir" : "long"}
            """.Trim(), text);
        Assert.Equal(oracle["updatedAt"]!.ToJsonString(), entries[0]!["updatedAt"]!.ToJsonString());
        Assert.Empty(await Entries((await Server.RegisterAsync()).Client));
    }

    [Fact]
    public async Task Put_replaces_a_value_and_delete_removes_it()
    {
        var user = await Server.RegisterAsync();
        await (await Put(user.Client, "passport_active_tab", "\"wallet\"")).AssertOkJsonAsync();
        await (await Put(user.Client, "passport_active_tab", "\"history\"")).AssertOkJsonAsync();
        Assert.Equal("\"history\""u8.ToArray(), await RawValue(user.Client, "passport_active_tab"));
        var version = await Server.UserVersionAsync(user.Id);

        var deleted = await user.Client.DeleteAsync($"{Path}/passport_active_tab");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(version + 1, await Server.UserVersionAsync(user.Id));
        await (await user.Client.GetAsync($"{Path}/passport_active_tab")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.DeleteAsync($"{Path}/passport_active_tab")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(version + 1, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Writing_the_same_text_again_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        var first = await (await Put(user.Client, "k", "[1,2]")).AssertOkJsonAsync();
        var version = await Server.UserVersionAsync(user.Id);

        var again = await (await Put(user.Client, "k", "[1,2]")).AssertOkJsonAsync();

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
        await (await Put(user.Client, "k", "[1, 2]")).AssertOkJsonAsync(); // different text is a different value
        Assert.Equal(version + 1, await Server.UserVersionAsync(user.Id));
    }

    [Theory]
    [InlineData("a%20b")]
    [InlineData("th%C3%A8me")]
    [InlineData("a%2Fb")]
    [InlineData("a@b")]
    [InlineData("k123456789k123456789k123456789k123456789k123456789k123456789_abcd")]
    public async Task A_key_outside_the_allowed_characters_or_length_is_rejected_on_every_verb(string key)
    {
        var user = await Server.RegisterAsync();
        var version = await Server.UserVersionAsync(user.Id);

        await (await Put(user.Client, key, "1")).AssertProblemAsync(HttpStatusCode.BadRequest, "key");
        await (await user.Client.GetAsync($"{Path}/{key}")).AssertProblemAsync(HttpStatusCode.BadRequest, "key");
        await (await user.Client.DeleteAsync($"{Path}/{key}")).AssertProblemAsync(HttpStatusCode.BadRequest, "key");

        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
        Assert.Empty(await Entries(user.Client));
    }

    [Theory]
    [MemberData(nameof(UiStateRulesTests.NotOneJsonValue), MemberType = typeof(UiStateRulesTests))]
    public async Task A_body_that_is_not_one_json_value_is_rejected_and_writes_nothing(string body)
    {
        var user = await Server.RegisterAsync();
        var version = await Server.UserVersionAsync(user.Id);

        await (await Put(user.Client, "k", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "value");

        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
        Assert.Empty(await Entries(user.Client));
    }

    [Theory]
    [InlineData(new byte[] { 0x22, 0xFF, 0x22 })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x31 })]
    public async Task Bytes_that_are_not_plain_utf8_json_are_rejected(byte[] body)
    {
        var user = await Server.RegisterAsync();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        await (await user.Client.PutAsync($"{Path}/k", content)).AssertProblemAsync(HttpStatusCode.BadRequest, "value");

        Assert.Empty(await Entries(user.Client));
    }

    [Fact]
    public async Task A_body_that_is_not_json_media_is_refused()
    {
        var user = await Server.RegisterAsync();

        await (await Put(user.Client, "k", "1", "text/plain")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Empty(await Entries(user.Client));
    }

    [Fact]
    public async Task Sixteen_KiB_of_utf8_fits_and_one_byte_more_is_413_with_nothing_written()
    {
        var user = await Server.RegisterAsync();
        var fits = "\"" + new string('é', 8191) + "\""; // 2 + 8191 × 2 = 16384 bytes
        var over = "\"" + new string('é', 8191) + "x\"";
        await (await Put(user.Client, "big", "\"small\"")).AssertOkJsonAsync();
        var version = await Server.UserVersionAsync(user.Id);

        await (await Put(user.Client, "big", over)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "value");
        await (await Put(user.Client, "other", over)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "value");
        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
        Assert.Equal("\"small\""u8.ToArray(), await RawValue(user.Client, "big"));

        await (await Put(user.Client, "big", fits)).AssertOkJsonAsync();
        Assert.Equal(Encoding.UTF8.GetBytes(fits), await RawValue(user.Client, "big"));
    }

    [Fact]
    public async Task A_large_body_without_a_length_is_cut_off_at_the_limit()
    {
        var user = await Server.RegisterAsync();
        var version = await Server.UserVersionAsync(user.Id);
        var chunks = new MemoryStream(Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("\"0123456789\"", 20_000)) + "]"));
        var content = new StreamContent(chunks);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Path}/stream") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await (await user.Client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "value");

        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task The_101st_key_is_a_conflict_but_existing_keys_can_still_change()
    {
        var user = await Server.RegisterAsync();
        var puts = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Put(user.Client, $"key.{i:000}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(puts, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        var version = await Server.UserVersionAsync(user.Id);

        await (await Put(user.Client, "key.100", "100")).AssertProblemAsync(HttpStatusCode.Conflict, "key");
        Assert.Equal(version, await Server.UserVersionAsync(user.Id));
        await (await user.Client.GetAsync($"{Path}/key.100")).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await Put(user.Client, "key.000", "\"updated\"")).AssertOkJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"{Path}/key.001")).StatusCode);
        await (await Put(user.Client, "key.100", "100")).AssertOkJsonAsync();
        Assert.Equal(100, (await Entries(user.Client)).Count);
    }

    [Fact]
    public async Task A_user_never_reads_lists_overwrites_or_deletes_another_users_keys()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await (await Put(alice.Client, "shared.name", """{"owner":"alice"}""")).AssertOkJsonAsync();
        var aliceVersion = await Server.UserVersionAsync(alice.Id);

        // The key is the only identifier in these routes; the same key names a different row per user.
        await (await bob.Client.GetAsync($"{Path}/shared.name")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.DeleteAsync($"{Path}/shared.name?userId={alice.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await Entries(bob.Client));
        await (await Put(bob.Client, "shared.name", """{"owner":"bob"}""")).AssertOkJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteAsync($"{Path}/shared.name")).StatusCode);

        Assert.Equal("""{"owner":"alice"}"""u8.ToArray(), await RawValue(alice.Client, "shared.name"));
        Assert.Equal(aliceVersion, await Server.UserVersionAsync(alice.Id));
    }

    [Fact]
    public async Task Ui_state_needs_a_session()
    {
        using var anonymous = Server.CreateClient();

        await (await anonymous.GetAsync(Path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"{Path}/k")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Put(anonymous, "k", "1")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync($"{Path}/k")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Concurrent_puts_to_one_user_all_land_and_each_bumps_the_version_once()
    {
        var user = await Server.RegisterAsync();
        var before = await Server.UserVersionAsync(user.Id);

        var puts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Put(user.Client, $"tab:{i}", $"{{\"i\": {i}}}")));

        Assert.All(puts, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        Assert.Equal(20, (await Entries(user.Client)).Count);
        Assert.Equal(before + 20, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Ui_state_reads_back_byte_for_byte_after_a_restart()
    {
        var user = await Server.RegisterAsync();
        var values = ValueTexts;
        for (var i = 0; i < values.Length; i++) await (await Put(user.Client, $"v{i}", values[i])).AssertOkJsonAsync();
        var listing = await (await user.Client.GetAsync(Path)).Content.ReadAsByteArrayAsync();

        await Server.RestartAsync();

        using var client = Server.CreateClient(user.Token);
        Assert.Equal(listing, await (await client.GetAsync(Path)).Content.ReadAsByteArrayAsync());
        for (var i = 0; i < values.Length; i++) Assert.Equal(Encoding.UTF8.GetBytes(values[i]), await RawValue(client, $"v{i}"));
    }
}

public sealed class UiStateTestsOnSqlite(SqliteArena arena) : UiStateTests(arena), IClassFixture<SqliteArena>;

public sealed class UiStateTestsOnPostgres(PostgresArena arena) : UiStateTests(arena), IClassFixture<PostgresArena>;
