using Arena.Grains.Signals;
using Arena.Tests.Bots;
using Arena.Tests.Features.Streams;
using Arena.Tests.Providers;

namespace Arena.Tests.Features.Signals;

/// <summary>
/// Signals end to end on a real silo: a bot's decisions publish them (HTTP and <c>/ws/arena</c>), the market and the bot
/// move their status exactly once, and users track, untrack, dismiss and import them (HTTP and <c>/ws/me</c>).
/// </summary>
public abstract class SignalTests(Dialect dialect) : ChatEngineTests(dialect)
{
    // BTC at 100: LONG 1000 USDT at 10x fills at 100.05 (see RiskTests).
    private const string LongBtc = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":1000,"leverage":10,"stopLoss":95,"takeProfit":110,"confidence":0.7,"horizon":"4h","reasoning":"breakout"}]}""";
    private const string CloseBtc = """{"decisions":[{"action":"CLOSE","symbol":"BTCUSDT","reasoning":"done","confidence":"high"}]}""";

    private ArenaServer Server => Arena.Server;

    private async Task<string> BotAnsweringAsync(params string[] answers)
    {
        var scenario = Chat.Scenario((n, ctx) => FakeChatServer.Completion(ctx, n <= answers.Length ? answers[n - 1] : Hold));
        return await Arena.CreateBotAsync(await Arena.ChatProviderAsync(scenario.BaseUrl), maxLeverage: 20);
    }

    private async Task<JsonObject> SignalOfAsync(string bot, string direction = "long")
    {
        using var anonymous = Server.CreateClient();
        JsonObject? found = null;
        await EngineHarness.WaitUntilAsync(async () =>
        {
            var page = await (await anonymous.GetAsync($"/api/signals?botId={bot}&direction={direction}")).AssertOkJsonAsync();
            found = page["items"]!.AsArray().FirstOrDefault()?.AsObject();
            return found is not null;
        }, $"the {direction} signal of {bot}");
        return found!;
    }

    private async Task<JsonObject> GetAsync(long id)
    {
        using var anonymous = Server.CreateClient();
        return (await (await anonymous.GetAsync($"/api/signals/{id}")).AssertOkJsonAsync()).AsObject();
    }

    private async Task<JsonObject> StatusAsync(long id, string status)
    {
        JsonObject? signal = null;
        await EngineHarness.WaitUntilAsync(async () => (signal = await GetAsync(id))["status"]!.GetValue<string>() == status, $"signal {id} {status}");
        return signal!;
    }

    private Task<long> UpdatesOf(long id) => Arena.CountAsync(
        "SELECT count(*) FROM activity_events WHERE type = 'signal.updated' AND payload LIKE @pattern", new { pattern = $"{{\"id\":{id},%" });

    private static long Id(JsonNode signal) => signal["id"]!.GetValue<long>();

    [Fact]
    public async Task An_open_decision_publishes_an_active_signal_on_the_api_and_the_arena_stream()
    {
        await using var stream = await StreamClient.ConnectAsync(Server, "/ws/arena");
        // Live events follow the snapshot: one sequenced before it would be inside it, not a message of its own.
        Assert.True((await stream.NextAsync()).Is("snapshot"));
        var bot = await BotAnsweringAsync(LongBtc);

        var signal = await SignalOfAsync(bot);
        Assert.Equal(("BTCUSDT", "long", "active", 100.05m, 95m, 110m, 10), (signal["symbol"]!.GetValue<string>(), signal["direction"]!.GetValue<string>(),
            signal["status"]!.GetValue<string>(), signal["entryPrice"]!.GetValue<decimal>(), signal["stopLoss"]!.GetValue<decimal>(),
            signal["takeProfit"]!.GetValue<decimal>(), signal["leverage"]!.GetValue<int>()));
        Assert.Equal((0.7m, "4h", "breakout"), (signal["confidence"]!.GetValue<decimal>(), signal["horizon"]!.GetValue<string>(), signal["reasoning"]!.GetValue<string>()));
        var created = signal["createdAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(created.AddHours(4), signal["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(signal["statusPrice"]);
        Assert.Equal(signal.ToJsonString(), (await GetAsync(Id(signal))).ToJsonString());
        // The same transaction as the fill: the signal names the position and the decision the turn wrote.
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM positions p JOIN signals s ON s.position_id = p.id AND s.decision_id = p.open_decision_id WHERE p.bot_id = @bot", new { bot }));

        var live = (await stream.NextUntilAsync(m => m.IsEvent() && m.Type() == SignalEvents.Created)).Last();
        Assert.Equal((Id(signal), bot), (Id(live["data"]!), live["data"]!["botId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(110.5, "hit_tp")]
    [InlineData(94, "hit_sl")]
    public async Task The_market_crossing_a_level_moves_the_signal_once(double price, string expected)
    {
        var bot = await BotAnsweringAsync(LongBtc);
        var id = Id(await SignalOfAsync(bot));
        Arena.Market!.Set(("BTCUSDT", (decimal)price));

        var moved = await StatusAsync(id, expected);
        Assert.NotNull(moved["statusPrice"]);
        await Task.Delay(1500); // the risk close and every later tick had their chance to move it again
        Assert.Equal(expected, (await GetAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(1, await UpdatesOf(id));
    }

    [Fact]
    public async Task A_close_decision_closes_the_open_signal_and_publishes_a_close_signal_linked_to_it()
    {
        var bot = await BotAnsweringAsync(LongBtc, CloseBtc);
        var open = Id(await SignalOfAsync(bot));
        var close = await SignalOfAsync(bot, "close");

        Assert.Equal((open, "closed"), (close["opensSignalId"]!.GetValue<long>(), close["status"]!.GetValue<string>()));
        Assert.Null(close["confidence"]); // "high" is not a number from 0 to 1: dropped with a note, the close went ahead
        var exit = (await Arena.QueryAsync<decimal>("SELECT exit_price FROM positions WHERE bot_id = @bot", new { bot })).Single();
        Assert.Equal(exit, close["entryPrice"]!.GetValue<decimal>());
        var ended = await GetAsync(open);
        Assert.Equal(("closed", exit), (ended["status"]!.GetValue<string>(), ended["statusPrice"]!.GetValue<decimal>()));
        Assert.Equal(1, await UpdatesOf(open));
        Assert.Contains("confidence", (await Arena.QueryAsync<string>("SELECT notes_json FROM bot_decisions WHERE bot_id = @bot AND turn_number = 2", new { bot })).Single());
    }

    [Fact]
    public async Task A_signal_past_its_horizon_expires_once()
    {
        var bot = await BotAnsweringAsync(LongBtc);
        var id = Id(await SignalOfAsync(bot));
        await using (var connection = await Arena.Database.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE signals SET expires_at = @past WHERE id = @id", new { past = DateTimeOffset.UtcNow.AddMinutes(-1), id });

        var expired = await StatusAsync(id, "expired");
        Assert.Equal(100m, expired["statusPrice"]!.GetValue<decimal>());
        Arena.Market!.Set(("BTCUSDT", 120m));
        await Task.Delay(1500);
        Assert.Equal("expired", (await GetAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(1, await UpdatesOf(id));
    }

    private async Task<long> InsertAsync(string bot, string symbol, SignalDirection direction, SignalStatus status) =>
        (await Arena.Database.InTransactionAsync(tx => SignalRows.InsertAsync(tx, new SignalView(0, bot, symbol, direction, null, 100m, null, null, 2, null, null,
            "listed", status, null, null, null, null, null, DateTimeOffset.UtcNow)))).Id;

    [Fact]
    public async Task The_list_filters_pages_newest_first_and_names_a_bad_filter()
    {
        var bot = await BotAnsweringAsync();
        var other = await BotAnsweringAsync();
        var ids = new List<long>
        {
            await InsertAsync(bot, "BTCUSDT", SignalDirection.Long, SignalStatus.Active),
            await InsertAsync(bot, "ETHUSDT", SignalDirection.Short, SignalStatus.Active),
            await InsertAsync(bot, "BTCUSDT", SignalDirection.Short, SignalStatus.Expired),
            await InsertAsync(bot, "BTCUSDT", SignalDirection.Close, SignalStatus.Closed),
            await InsertAsync(other, "BTCUSDT", SignalDirection.Long, SignalStatus.Active),
        };
        using var client = Server.CreateClient();
        async Task<long[]> Ids(string query) =>
            (await (await client.GetAsync("/api/signals?" + query)).AssertOkJsonAsync())["items"]!.AsArray().Select(i => Id(i!)).ToArray();

        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], await Ids($"botId={bot}"));
        Assert.Equal([ids[3], ids[2], ids[0]], await Ids($"botId={bot}&symbol=btcusdt"));
        Assert.Equal([ids[2], ids[1]], await Ids($"botId={bot}&direction=short"));
        Assert.Equal([ids[1], ids[0]], await Ids($"botId={bot}&status=active"));
        Assert.Equal([ids[4]], await Ids($"botId={other}"));
        Assert.Empty(await Ids("botId=nobody"));

        var first = await (await client.GetAsync($"/api/signals?botId={bot}&limit=3")).AssertOkJsonAsync();
        Assert.Equal([ids[3], ids[2], ids[1]], first["items"]!.AsArray().Select(i => Id(i!)));
        var second = await (await client.GetAsync($"/api/signals?botId={bot}&limit=3&cursor={first["nextCursor"]}")).AssertOkJsonAsync();
        Assert.Equal([ids[0]], second["items"]!.AsArray().Select(i => Id(i!)));
        Assert.Null(second["nextCursor"]);

        await (await client.GetAsync("/api/signals?direction=up")).AssertProblemAsync(HttpStatusCode.BadRequest, "direction");
        await (await client.GetAsync("/api/signals?status=open")).AssertProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await client.GetAsync("/api/signals?symbol=BTC%2FUSDT")).AssertProblemAsync(HttpStatusCode.BadRequest, "symbol");
        await (await client.GetAsync("/api/signals?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync("/api/signals?cursor=bm9wZTox")).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
        await (await client.GetAsync($"/api/signals/{ids.Max() + 1000}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tracking_is_idempotent_private_and_audited_and_values_the_signal_at_the_market()
    {
        var bot = await BotAnsweringAsync(LongBtc);
        var id = Id(await SignalOfAsync(bot));
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();

        var tracked = await (await alice.Client.PostAsync($"/api/signals/{id}/track", null)).AssertOkJsonAsync(HttpStatusCode.Created);
        var again = await (await alice.Client.PostAsync($"/api/signals/{id}/track", null)).AssertOkJsonAsync();
        Assert.Equal(tracked["id"]!.GetValue<Guid>(), again["id"]!.GetValue<Guid>());
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM tracked_signals WHERE user_id = @Id", new { alice.Id }));
        await (await alice.Client.PostAsync("/api/signals/999999/track", null)).AssertProblemAsync(HttpStatusCode.NotFound);

        Arena.Market!.Set(("BTCUSDT", 105m));
        var list = (await (await alice.Client.GetAsync("/api/tracked-signals")).AssertOkJsonAsync()).AsArray();
        var view = Assert.Single(list)!;
        Assert.Equal((id, "active", 105m, 4.9475m), (view["signalId"]!.GetValue<long>(), view["status"]!.GetValue<string>(),
            view["valuationPrice"]!.GetValue<decimal>(), view["pnlPercent"]!.GetValue<decimal>()));
        Assert.Equal(id, Id(view["signal"]!));
        Assert.Empty((await (await bob.Client.GetAsync("/api/tracked-signals")).AssertOkJsonAsync()).AsArray());
        await (await bob.Client.DeleteAsync($"/api/signals/{id}/track")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"/api/signals/{id}/track")).StatusCode);
        await (await alice.Client.DeleteAsync($"/api/signals/{id}/track")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.PostAsync($"/api/signals/{id}/dismiss", null)).StatusCode);
        await (await alice.Client.PostAsync("/api/signals/999999/dismiss", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await alice.Client.GetAsync("/api/tracked-signals")).AssertOkJsonAsync()).AsArray());

        var actions = (await (await alice.Client.GetAsync("/api/signal-actions")).AssertOkJsonAsync())["items"]!.AsArray();
        Assert.Equal(["dismiss", "untrack", "track"], actions.Select(a => a!["action"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal(id, a!["signalId"]!.GetValue<long>()));
        var page = await (await alice.Client.GetAsync("/api/signal-actions?limit=2")).AssertOkJsonAsync();
        var rest = await (await alice.Client.GetAsync($"/api/signal-actions?limit=2&cursor={page["nextCursor"]}")).AssertOkJsonAsync();
        Assert.Equal(["track"], rest["items"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()));
        Assert.Empty((await (await bob.Client.GetAsync("/api/signal-actions")).AssertOkJsonAsync())["items"]!.AsArray());
        await (await alice.Client.GetAsync("/api/signal-actions?cursor=zz")).AssertProblemAsync(HttpStatusCode.BadRequest, "cursor");
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tracked-signals")).StatusCode);
    }

    [Fact]
    public async Task A_tracker_hears_of_the_status_change_on_their_own_stream_and_nobody_else_does()
    {
        var bot = await BotAnsweringAsync(LongBtc);
        var id = Id(await SignalOfAsync(bot));
        var alice = await Server.RegisterAsync();
        var bob = await Server.RegisterAsync();
        await (await alice.Client.PostAsync($"/api/signals/{id}/track", null)).AssertOkJsonAsync(HttpStatusCode.Created);
        await using var stream = await StreamClient.ConnectAsync(Server, "/ws/me", o => o.SetRequestHeader("Authorization", "Bearer " + alice.Token));
        Assert.True((await stream.NextAsync()).Is("snapshot"));

        Arena.Market!.Set(("BTCUSDT", 111m));

        var update = (await stream.NextUntilAsync(m => m.IsEvent() && m.Type() == SignalEvents.TrackedUpdated)).Last();
        Assert.Equal((id, "hit_tp"), (update["data"]!["signalId"]!.GetValue<long>(), update["data"]!["status"]!.GetValue<string>()));
        var ended = (await (await alice.Client.GetAsync("/api/tracked-signals")).AssertOkJsonAsync()).AsArray().Single()!;
        var statusPrice = ended["signal"]!["statusPrice"]!.GetValue<decimal>();
        Assert.Equal(("hit_tp", statusPrice), (ended["status"]!.GetValue<string>(), ended["valuationPrice"]!.GetValue<decimal>()));
        Assert.Equal(0, await Arena.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'tracked_signal.updated' AND user_id = @Id", new { bob.Id }));
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'tracked_signal.updated' AND user_id = @Id", new { alice.Id }));
        Assert.DoesNotContain(await Arena.QueryAsync<string>("SELECT payload FROM activity_events WHERE type LIKE 'signal.%'"), p => p.Contains(alice.Id.ToString()));
    }

    [Fact]
    public async Task The_old_apps_tracked_signals_import_once()
    {
        var user = await Server.RegisterAsync();
        const string stored = """[{"id":"t-1","pair":"BTC/USDT","dir":"LONG","entry":90,"sl":80,"tp":120,"source":"Doge"},{"symbol":"ETHUSDT","side":"short","entryPrice":"60","trackedAt":1735689600000},{"pair":"???","dir":"up"}]""";
        var body = new { entries = new Dictionary<string, string> { ["stockclaw_tracked"] = stored }, exportedAt = "2025-01-31T09:30:00Z" };

        var report = await (await user.Client.PostAsJsonAsync("/api/import/local-storage", body)).AssertOkJsonAsync();
        var key = report["keys"]!.AsArray().Single()!;
        Assert.Equal("imported", key["status"]!.GetValue<string>());
        Assert.Equal(2, key["fields"]!.AsArray().Count);
        Assert.Contains("item 2", key["reason"]!.GetValue<string>());

        var again = await (await user.Client.PostAsJsonAsync("/api/import/local-storage", body)).AssertOkJsonAsync();
        Assert.Equal("ignored", again["keys"]!.AsArray().Single()!["status"]!.GetValue<string>());
        Assert.Equal(2, await Arena.CountAsync("SELECT count(*) FROM tracked_signals WHERE user_id = @Id", new { user.Id }));
        Assert.Equal(0, await Arena.CountAsync("SELECT count(*) FROM signal_actions WHERE user_id = @Id", new { user.Id }));

        var list = (await (await user.Client.GetAsync("/api/tracked-signals")).AssertOkJsonAsync()).AsArray();
        var btc = list.Single(t => t!["symbol"]!.GetValue<string>() == "BTCUSDT")!;
        Assert.Equal(("long", 90m, 100m, 11.1111m, "Doge"), (btc["direction"]!.GetValue<string>(), btc["entryPrice"]!.GetValue<decimal>(),
            btc["valuationPrice"]!.GetValue<decimal>(), btc["pnlPercent"]!.GetValue<decimal>(), btc["note"]!.GetValue<string>()));
        Assert.Null(btc["signalId"]);
        var eth = list.Single(t => t!["symbol"]!.GetValue<string>() == "ETHUSDT")!;
        Assert.Equal(("short", 16.6667m, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)), (eth["direction"]!.GetValue<string>(),
            eth["pnlPercent"]!.GetValue<decimal>(), eth["trackedAt"]!.GetValue<DateTimeOffset>()));
    }
}

public sealed class SignalTestsOnSqlite() : SignalTests(Dialect.Sqlite);

public sealed class SignalTestsOnPostgres() : SignalTests(Dialect.Postgres);
