using Arena.Grains.Users;

namespace Arena.Tests.Features.Watchlist;

public abstract class WatchlistTests(ArenaFixture arena)
{
    private ArenaServer Server => arena.Server;

    private static async Task<JsonArray> ListAsync(HttpClient client, string prefix = "/api/watchlist") =>
        (await (await client.GetAsync(prefix)).AssertOkJsonAsync()).AsArray();

    private static string[] Symbols(JsonArray list) => list.Select(e => e!["symbol"]!.GetValue<string>()).ToArray();

    private static Task<HttpResponseMessage> AddAsync(HttpClient client, string symbol, string? notes = null, string? exchange = null, string prefix = "/api/watchlist") =>
        client.PostAsJsonAsync(prefix, new { symbol, exchange, notes });

    [Fact]
    public async Task Adding_a_symbol_stores_it_normalized_and_it_reads_back()
    {
        var user = await Server.RegisterAsync();
        var response = await AddAsync(user.Client, "  btcusdt ", notes: "  breakout watch ", exchange: " binance");
        var created = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("BTCUSDT", created["symbol"]!.GetValue<string>());
        Assert.Equal("BINANCE", created["exchange"]!.GetValue<string>());
        Assert.Equal("breakout watch", created["notes"]!.GetValue<string>());
        Assert.EndsWith("/api/watchlist/BTCUSDT", response.Headers.Location!.ToString());

        var list = await ListAsync(user.Client);
        Assert.Equal(created.ToJsonString(), Assert.Single(list)!.ToJsonString());
    }

    [Fact]
    public async Task The_list_reads_oldest_first_then_by_symbol()
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.PutAsJsonAsync("/api/watchlist", new { items = new[] { new { symbol = "ethusdt" }, new { symbol = "AAPL" } } })).AssertOkJsonAsync();
        await (await AddAsync(user.Client, "ZEC")).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await AddAsync(user.Client, "ABC")).AssertOkJsonAsync(HttpStatusCode.Created);

        // The two replaced in one write share their addedAt, so the symbol breaks the tie.
        Assert.Equal(["AAPL", "ETHUSDT", "ZEC", "ABC"], Symbols(await ListAsync(user.Client)));
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_written()
    {
        var user = await Server.RegisterAsync();
        var response = await AddAsync(user.Client, "BTC USD", notes: new string('n', 501), exchange: "not an exchange");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "symbol", "exchange", "notes");
        await (await AddAsync(user.Client, "  ")).AssertProblemAsync(HttpStatusCode.BadRequest, "symbol");
        await (await AddAsync(user.Client, "-LEADINGDASH")).AssertProblemAsync(HttpStatusCode.BadRequest, "symbol");
        await (await AddAsync(user.Client, new string('A', 33))).AssertProblemAsync(HttpStatusCode.BadRequest, "symbol");

        Assert.Empty(await ListAsync(user.Client));
        Assert.Equal(1, await Server.UserVersionAsync(user.Id));
        Assert.Equal(0, await Server.ScalarAsync<long>("SELECT count(*) FROM user_watchlists WHERE user_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task Adding_a_symbol_already_listed_in_any_case_is_a_conflict_naming_symbol()
    {
        var user = await Server.RegisterAsync();
        await (await AddAsync(user.Client, "ETHUSDT", notes: "first")).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await AddAsync(user.Client, " ethusdt", notes: "second")).AssertProblemAsync(HttpStatusCode.Conflict, "symbol");

        var entry = Assert.Single(await ListAsync(user.Client))!;
        Assert.Equal("first", entry["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_matches_the_symbol_case_insensitively_including_pair_symbols()
    {
        var user = await Server.RegisterAsync();
        await (await AddAsync(user.Client, "SOL/USDT")).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await AddAsync(user.Client, "NSE:RELIANCE")).AssertOkJsonAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync("/api/watchlist/sol/usdt")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync("/api/watchlist/nse%3Areliance")).StatusCode);
        Assert.Empty(await ListAsync(user.Client));
    }

    [Fact]
    public async Task Removing_a_symbol_not_on_the_list_is_404_and_a_malformed_one_is_400()
    {
        var user = await Server.RegisterAsync();
        await (await user.Client.DeleteAsync("/api/watchlist/DOGEUSDT")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.DeleteAsync("/api/watchlist/bad%20symbol")).AssertProblemAsync(HttpStatusCode.BadRequest, "symbol");
        Assert.Equal(1, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Replace_sets_the_whole_list_and_symbols_that_stay_keep_their_addedAt()
    {
        var user = await Server.RegisterAsync();
        var kept = await (await AddAsync(user.Client, "BTCUSDT", notes: "old")).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await AddAsync(user.Client, "DOGEUSDT")).AssertOkJsonAsync(HttpStatusCode.Created);

        var put = await user.Client.PutAsJsonAsync("/api/watchlist", new { items = new object[] { new { symbol = "SOLUSDT", exchange = "binance" }, new { symbol = "btcusdt", notes = "new" } } });
        var replaced = (await put.AssertOkJsonAsync()).AsArray();

        Assert.Equal(["BTCUSDT", "SOLUSDT"], Symbols(replaced));
        Assert.Equal(kept["addedAt"]!.GetValue<string>(), replaced[0]!["addedAt"]!.GetValue<string>());
        Assert.Equal("new", replaced[0]!["notes"]!.GetValue<string>());
        Assert.NotEqual(kept["addedAt"]!.GetValue<string>(), replaced[1]!["addedAt"]!.GetValue<string>());
        Assert.Equal(replaced.ToJsonString(), (await ListAsync(user.Client)).ToJsonString());
        Assert.Equal(4, await Server.UserVersionAsync(user.Id)); // two adds and one replace

        await (await user.Client.PutAsJsonAsync("/api/watchlist", new { items = Array.Empty<object>() })).AssertOkJsonAsync();
        Assert.Empty(await ListAsync(user.Client));
    }

    [Fact]
    public async Task Replace_with_a_duplicate_after_normalizing_names_its_index_and_writes_nothing()
    {
        var user = await Server.RegisterAsync();
        await (await AddAsync(user.Client, "ADAUSDT")).AssertOkJsonAsync(HttpStatusCode.Created);
        var put = await user.Client.PutAsJsonAsync("/api/watchlist", new { items = new[] { new { symbol = "BTC" }, new { symbol = "ETH" }, new { symbol = " btc " } } });
        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "items[2].symbol");

        Assert.Equal(["ADAUSDT"], Symbols(await ListAsync(user.Client)));
        Assert.Equal(2, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Replace_names_each_invalid_item_field_and_requires_items()
    {
        var user = await Server.RegisterAsync();
        var put = await user.Client.PutAsJsonAsync("/api/watchlist", new { items = new object?[] { new { symbol = "OK" }, new { symbol = "OK2", notes = new string('x', 501) }, null, new { symbol = "no way" } } });
        await put.AssertProblemAsync(HttpStatusCode.BadRequest, "items[1].notes", "items[2]", "items[3].symbol");
        await (await user.Client.PutAsJsonAsync("/api/watchlist", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "items");
        Assert.Empty(await ListAsync(user.Client));
    }

    [Fact]
    public async Task A_body_of_the_wrong_shape_is_400_naming_the_field()
    {
        var user = await Server.RegisterAsync();
        var bareArray = await user.Client.PutAsync("/api/watchlist", new StringContent("""[{"symbol":"BTC"}]""", Encoding.UTF8, "application/json"));
        await bareArray.AssertProblemAsync(HttpStatusCode.BadRequest, "body");
        var wrongType = await user.Client.PutAsync("/api/watchlist", new StringContent("""{"items":[{"symbol":5}]}""", Encoding.UTF8, "application/json"));
        await wrongType.AssertProblemAsync(HttpStatusCode.BadRequest, "items[0].symbol");
        Assert.Empty(await ListAsync(user.Client));
    }

    [Fact]
    public async Task The_list_is_capped_at_500_symbols()
    {
        var user = await Server.RegisterAsync();
        var tooMany = Enumerable.Range(0, WatchlistRules.MaxEntries + 1).Select(i => new { symbol = $"S{i}" }).ToArray();
        await (await user.Client.PutAsJsonAsync("/api/watchlist", new { items = tooMany })).AssertProblemAsync(HttpStatusCode.BadRequest, "items");

        await (await user.Client.PutAsJsonAsync("/api/watchlist", new { items = tooMany[..^1] })).AssertOkJsonAsync();
        await (await AddAsync(user.Client, "ONEMORE")).AssertProblemAsync(HttpStatusCode.Conflict, "symbol");
        Assert.Equal(WatchlistRules.MaxEntries, (await ListAsync(user.Client)).Count);
    }

    [Fact]
    public async Task Users_never_see_or_change_each_others_watchlists()
    {
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await (await AddAsync(alice.Client, "XRPUSDT", notes: "alice's")).AssertOkJsonAsync(HttpStatusCode.Created);

        Assert.Empty(await ListAsync(bob.Client));
        await (await bob.Client.DeleteAsync("/api/watchlist/XRPUSDT")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.DeleteAsync("/api/v1/watchlist/xrpusdt")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await bob.Client.PutAsJsonAsync("/api/watchlist", new { items = Array.Empty<object>() })).AssertOkJsonAsync();
        await (await AddAsync(bob.Client, "XRPUSDT", notes: "bob's")).AssertOkJsonAsync(HttpStatusCode.Created);

        var aliceEntry = Assert.Single(await ListAsync(alice.Client))!;
        Assert.Equal("alice's", aliceEntry["notes"]!.GetValue<string>());
        Assert.Equal("bob's", Assert.Single(await ListAsync(bob.Client))!["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_watchlist_endpoint_needs_a_session()
    {
        using var anonymous = Server.CreateClient();
        foreach (var prefix in new[] { "/api/watchlist", "/api/v1/watchlist" })
        {
            await (await anonymous.GetAsync(prefix)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await AddAsync(anonymous, "BTC", prefix: prefix)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await anonymous.PutAsJsonAsync(prefix, new { items = Array.Empty<object>() })).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await anonymous.DeleteAsync($"{prefix}/BTC")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task The_v1_paths_serve_the_same_watchlist()
    {
        var user = await Server.RegisterAsync();
        var created = await (await AddAsync(user.Client, "bnbusdt", prefix: "/api/v1/watchlist")).AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("BNBUSDT", created["symbol"]!.GetValue<string>());
        await (await AddAsync(user.Client, "BNBUSDT", prefix: "/api/v1/watchlist")).AssertProblemAsync(HttpStatusCode.Conflict, "symbol");
        await (await AddAsync(user.Client, "bad symbol", prefix: "/api/v1/watchlist")).AssertProblemAsync(HttpStatusCode.BadRequest, "symbol");
        Assert.Equal((await ListAsync(user.Client)).ToJsonString(), (await ListAsync(user.Client, "/api/v1/watchlist")).ToJsonString());

        await (await user.Client.PutAsJsonAsync("/api/v1/watchlist", new { items = new[] { new { symbol = "bnbusdt" }, new { symbol = "LTC" } } })).AssertOkJsonAsync();
        Assert.Equal(created["addedAt"]!.GetValue<string>(), (await ListAsync(user.Client))[0]!["addedAt"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync("/api/v1/watchlist/ltc")).StatusCode);
        Assert.Equal(["BNBUSDT"], Symbols(await ListAsync(user.Client)));
    }

    [Fact]
    public async Task Concurrent_adds_to_one_user_all_land_and_each_bumps_the_version_once()
    {
        var user = await Server.RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => AddAsync(user.Client, $"PAR{i}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var symbols = Symbols(await ListAsync(user.Client));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"PAR{i}").Order(StringComparer.Ordinal), symbols.Order(StringComparer.Ordinal));
        Assert.Equal(21, await Server.UserVersionAsync(user.Id));
    }

    [Fact]
    public async Task Merge_adds_only_new_symbols_in_one_write_and_leaves_existing_entries_alone()
    {
        var user = await Server.RegisterAsync();
        var kept = await (await AddAsync(user.Client, "BTCUSDT", notes: "server")).AssertOkJsonAsync(HttpStatusCode.Created);

        var merged = await Server.UserGrain(user.Id).MergeIntoWatchlist(
            [new WatchlistItem("btcusdt", Notes: "from the browser"), new WatchlistItem("eth"), new WatchlistItem("ETH "), new WatchlistItem("sol")]);

        Assert.True(merged.IsOk);
        Assert.Equal(["ETH", "SOL"], merged.Value!.Added.Select(e => e.Symbol));
        Assert.Equal(["BTCUSDT", "ETH"], merged.Value.Skipped);
        var list = await ListAsync(user.Client);
        Assert.Equal(kept.ToJsonString(), list[0]!.ToJsonString());
        Assert.Equal(["BTCUSDT", "ETH", "SOL"], Symbols(list));
        Assert.Equal(3, await Server.UserVersionAsync(user.Id));

        var nothingNew = await Server.UserGrain(user.Id).MergeIntoWatchlist([new WatchlistItem("sol")]);
        Assert.Empty(nothingNew.Value!.Added);
        Assert.Equal(3, await Server.UserVersionAsync(user.Id));
        var invalid = await Server.UserGrain(user.Id).MergeIntoWatchlist([new WatchlistItem("new"), new WatchlistItem("bad one")]);
        Assert.Equal(["items[1].symbol"], invalid.Rejection!.Errors!.Keys);
        Assert.Equal(3, (await ListAsync(user.Client)).Count);
    }

    [Fact]
    public async Task The_watchlist_reads_back_identically_after_a_restart()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(arena.Dialect));
        var user = await server.RegisterAsync();
        await (await AddAsync(user.Client, "BTC/USDT", notes: "line one\nline two", exchange: "binance")).AssertOkJsonAsync(HttpStatusCode.Created);
        await (await user.Client.PutAsJsonAsync("/api/watchlist", new { items = new[] { new { symbol = "btc/usdt", notes = "kept" }, new { symbol = "ETH", notes = "new" } } })).AssertOkJsonAsync();
        var before = (await ListAsync(user.Client)).ToJsonString();

        await server.RestartAsync();

        using var client = server.CreateClient(user.Token);
        Assert.Equal(before, (await ListAsync(client)).ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/watchlist/btc/usdt")).StatusCode);
        Assert.Equal(["ETH"], Symbols(await ListAsync(client)));
    }
}

public sealed class WatchlistTestsOnSqlite(SqliteArena arena) : WatchlistTests(arena), IClassFixture<SqliteArena>;

public sealed class WatchlistTestsOnPostgres(PostgresArena arena) : WatchlistTests(arena), IClassFixture<PostgresArena>;
