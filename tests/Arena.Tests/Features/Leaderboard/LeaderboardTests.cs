using Arena.Tests.Bots;
using Arena.Tests.Features.Bots;
using Arena.Tests.Runtime;
using static Arena.Tests.Features.Leaderboard.HistorySeed;

namespace Arena.Tests.Features.Leaderboard;

/// <summary>
/// A silo whose clock stands at 2025-01-08 00:00Z, with no cache (every request computes), holding controlled histories:
/// <c>alpha</c> is the worked example of docs/metrics.md, <c>flat</c> never moved, <c>loser</c> fell 10%, <c>retired</c>
/// is inactive (the prompt-version test adds <c>versioned</c>, inactive too, so the board stays these three).
/// BTCUSDT was recorded at 50,000 (12-31 23:59), 55,000 (01-03), 45,000 (01-05) and 47,000 (01-07 12:07); the live quote is 60,000.
/// </summary>
public abstract class LeaderboardArena(Dialect dialect) : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = At("2025-01-08T00:00:00");

    public const string PromptMarker = "SECRET-PROMPT-TEXT-7f3a";

    public EngineHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await EngineHarness.StartAsync(dialect, runEngine: false, clock: new ManualClock(Now),
            settings: new Dictionary<string, string?> { ["Arena:Leaderboard:CacheDuration"] = "00:00:00" });
        Harness.Market!.Set(("BTCUSDT", 60_000m), ("ETHUSDT", 50m));
        var h = Harness;

        await h.BotAsync("alpha", 1000m, "2024-12-20T00:00:00", balance: 1138.005m);
        await h.SnapshotsAsync("alpha", ("2024-12-31T12:00:00", 1020m), ("2024-12-31T23:50:00", 1000m), ("2025-01-01T18:00:00", 1100m),
            ("2025-01-02T03:00:00", 935m), ("2025-01-02T09:00:00", 1045m), ("2025-01-03T23:59:00", 1149.5m), ("2025-01-05T12:00:00", 1034.55m),
            ("2025-01-06T12:00:00", 1138.005m));
        await h.ClosedPositionsAsync("alpha", ("2024-12-31T20:00:00", -40m, 1), ("2025-01-02T08:00:00", 60m, 1), ("2025-01-05T11:00:00", -15m, 1),
            ("2025-01-06T11:00:00", 25m, 1));
        await h.FillsAsync("alpha", ("2024-12-31T23:59:59", 9m), ("2025-01-01T00:00:00", 0.6m), ("2025-01-04T00:00:00", 0.5m), ("2025-01-08T00:00:00", 0.7m));

        await h.BotAsync("flat", 1000m, "2024-12-20T00:00:00", balance: 1000m);

        await h.BotAsync("loser", 1000m, "2024-12-20T00:00:00", balance: 900m);
        await h.SnapshotsAsync("loser", ("2025-01-03T12:00:00", 950m));
        await h.ClosedPositionsAsync("loser", ("2025-01-04T10:00:00", -100m, 1));
        await h.FillsAsync("loser", ("2025-01-04T09:00:00", 1m));

        await h.BotAsync("retired", 1000m, "2024-12-20T00:00:00", balance: 5000m, active: false);

        await h.PricesAsync("BTCUSDT", ("2024-12-31T23:59:00", 50_000m), ("2025-01-03T00:00:00", 55_000m), ("2025-01-05T00:00:00", 45_000m),
            ("2025-01-07T12:07:00", 47_000m));
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

public sealed class SqliteLeaderboardArena() : LeaderboardArena(Dialect.Sqlite);

public sealed class PostgresLeaderboardArena() : LeaderboardArena(Dialect.Postgres);

public abstract class LeaderboardTests(LeaderboardArena arena)
{
    private HttpClient Anonymous() => arena.Harness.Server.CreateClient();

    private static JsonNode Row(JsonNode board, string bot) => board["rows"]!.AsArray().Single(r => r!["botId"]!.GetValue<string>() == bot)!;

    private static DateTimeOffset Time(JsonNode? node) => node!.GetValue<DateTimeOffset>();

    [Fact]
    public async Task The_7d_row_of_the_worked_example_has_exactly_the_figures_computed_by_hand_in_docs_metrics()
    {
        using var client = Anonymous();
        var board = await client.GetJsonAsync("/api/leaderboard?period=7d");
        var alpha = Row(board, "alpha");
        var curve = alpha["equityCurve"]!;
        var trades = alpha["trades"]!;

        Assert.Equal(("7d", "return"), (board["period"]!.GetValue<string>(), board["sort"]!.GetValue<string>()));
        Assert.Equal(LeaderboardArena.Now, Time(board["computedAt"]));
        Assert.Equal((At("2025-01-01T00:00:00"), LeaderboardArena.Now), (Time(board["window"]!["from"]), Time(board["window"]!["to"])));
        Assert.Equal(1138.005m, alpha["equity"].Dec());
        Assert.Equal((1000m, 1138.005m), (curve["start"]!["equity"].Dec(), curve["end"]!["equity"].Dec()));
        Assert.Equal((138.005m, 0.138005m), (curve["pnl"].Dec(), curve["return"].Dec()));
        // 1100 (01-01 18:00) fell to 935 (01-02 03:00, an intraday low the daily closes do not show): 165 / 1100.
        Assert.Equal(0.15m, curve["maxDrawdown"]!["fraction"].Dec());
        Assert.Equal((At("2025-01-01T18:00:00"), 1100m), (Time(curve["maxDrawdown"]!["peak"]!["at"]), curve["maxDrawdown"]!["peak"]!["equity"].Dec()));
        Assert.Equal((At("2025-01-02T03:00:00"), 935m), (Time(curve["maxDrawdown"]!["trough"]!["at"]), curve["maxDrawdown"]!["trough"]!["equity"].Dec()));
        Assert.Equal(7, curve["dailyReturns"]!.GetValue<int>());
        Assert.Equal((5.0594, 9.688), (curve["sharpe"]!.GetValue<double>(), curve["sortino"]!.GetValue<double>()));
        Assert.Equal((845.286565, 5635.2438), (curve["annualizedReturn"]!.GetValue<double>(), curve["calmar"]!.GetValue<double>()));
        // +60, -15, +25 closed in the window (the -40 of 12-31 is not); fees 0.6 (on the start) + 0.5 + 0.7 (on the end).
        Assert.Equal((3, 2, 1), (trades["closedPositions"]!.GetValue<int>(), trades["wins"]!.GetValue<int>(), trades["losses"]!.GetValue<int>()));
        Assert.Equal((0.666667m, 5.6667m, 23.33333333m, 1.8m), (trades["winRate"].Dec(), trades["profitFactor"].Dec(), trades["expectancy"].Dec(), trades["fees"].Dec()));
    }

    [Fact]
    public async Task Each_period_covers_its_own_window_clipped_to_the_bots_start()
    {
        using var client = Anonymous();
        var day = Row(await client.GetJsonAsync("/api/leaderboard?period=24h"), "alpha");
        var month = Row(await client.GetJsonAsync("/api/leaderboard?period=30d"), "alpha");
        var all = await client.GetJsonAsync("/api/leaderboard?period=all");
        var ever = Row(all, "alpha");

        // 24h: 01-07 00:00 to now. Nothing moved (the last snapshot, 01-06 12:00, already was 1138.005) and nothing closed;
        // the fill on the end instant counts.
        Assert.Equal(At("2025-01-07T00:00:00"), Time(day["window"]!["from"]));
        Assert.Equal((0m, 0m, 0m), (day["equityCurve"]!["return"].Dec(), day["equityCurve"]!["pnl"].Dec(), day["equityCurve"]!["maxDrawdown"]!["fraction"].Dec()));
        Assert.Null(day["equityCurve"]!["maxDrawdown"]!["peak"]);
        Assert.Null(day["equityCurve"]!["sharpe"]);
        Assert.Equal(0, day["trades"]!["closedPositions"]!.GetValue<int>());
        Assert.Null(day["trades"]!["winRate"]);
        Assert.Equal(0.7m, day["trades"]!["fees"].Dec());

        // 30d starts 12-09, before the bot: clipped to its start (12-20, 1000), so it equals "all".
        Assert.Equal(At("2024-12-20T00:00:00"), Time(month["window"]!["from"]));
        Assert.Null(all["window"]!["from"]);
        foreach (var row in new[] { month, ever })
        {
            Assert.Equal(At("2024-12-20T00:00:00"), Time(row["startedAt"]));
            Assert.Equal((1000m, 0.138005m), (row["equityCurve"]!["start"]!["equity"].Dec(), row["equityCurve"]!["return"].Dec()));
            // -40, +60, -15, +25: 2 of 4 win; 85 / 55 = 1.5455; 30 / 4 = 7.5; fees 9 + 0.6 + 0.5 + 0.7.
            var t = row["trades"]!;
            Assert.Equal((4, 0.5m, 1.5455m, 7.5m, 10.8m), (t["closedPositions"]!.GetValue<int>(), t["winRate"].Dec(), t["profitFactor"].Dec(), t["expectancy"].Dec(), t["fees"].Dec()));
        }
    }

    [Fact]
    public async Task The_buy_and_hold_reference_invests_the_boards_initial_equity_in_btc_at_the_period_start()
    {
        using var client = Anonymous();
        var week = (await client.GetJsonAsync("/api/leaderboard?period=7d"))["buyAndHold"]!;
        var curve = week["equityCurve"]!;

        // The active bots' mean initial balance, 1000, bought at 50,000 (the last price at or before 01-01 00:00) and held to the
        // live 60,000: +20%. The 7d curve is sampled every 15 minutes, so the 12:07 price is not a point: 01-01 (50,000 -> 1000),
        // 01-03 (55,000 -> 1100), 01-05 (45,000 -> 900), now (60,000 -> 1200).
        Assert.Equal(("BTCUSDT", 1000m), (week["symbol"]!.GetValue<string>(), week["initialEquity"].Dec()));
        Assert.Equal((50_000m, 60_000m, 4), (week["startPrice"].Dec(), week["endPrice"].Dec(), week["points"]!.GetValue<int>()));
        Assert.Equal((At("2025-01-01T00:00:00"), LeaderboardArena.Now), (Time(week["window"]!["from"]), Time(week["window"]!["to"])));
        Assert.Equal((0.2m, 200m), (curve["return"].Dec(), curve["pnl"].Dec()));
        // 1100 -> 900: 200 / 1100 = 0.181818.
        Assert.Equal(0.181818m, curve["maxDrawdown"]!["fraction"].Dec());
        Assert.Equal(At("2025-01-05T00:00:00"), Time(curve["maxDrawdown"]!["trough"]!["at"]));
        // Start 1000, daily closes 1000, 1100, 1100, 900, 900, 900, 1200: r = 0, 0.1, 0, -2/11, 0, 0, 1/3;
        // mean = 0.0359307, s = √0.0241886 = 0.1555269, Sharpe = 0.0359307 / 0.1555269 × √365 = 4.4137;
        // DD = √((2/11)² / 7) = 0.0687208, Sortino = 0.0359307 / 0.0687208 × √365 = 9.9891.
        Assert.Equal((4.4137, 9.9891), (curve["sharpe"]!.GetValue<double>(), curve["sortino"]!.GetValue<double>()));
        // 1.2^(365/7) - 1 = 13449.437199; Calmar = 13449.437199 / 0.181818 = 73971.9046.
        Assert.Equal((13449.437199, 73971.9046), (curve["annualizedReturn"]!.GetValue<double>(), curve["calmar"]!.GetValue<double>()));

        // 24h: bought at 45,000 (01-05, the last price at or before 01-07 00:00); sampled every minute, so 12:07 is a point.
        var day = (await client.GetJsonAsync("/api/leaderboard?period=24h"))["buyAndHold"]!;
        Assert.Equal((45_000m, 60_000m, 3), (day["startPrice"].Dec(), day["endPrice"].Dec(), day["points"]!.GetValue<int>()));
        Assert.Equal(0.333333m, day["equityCurve"]!["return"].Dec());

        // all: from the earliest bot start (12-20), but no price is recorded that early, so from the first price (12-31 23:59).
        var ever = (await client.GetJsonAsync("/api/leaderboard?period=all"))["buyAndHold"]!;
        Assert.Equal(At("2024-12-31T23:59:00"), Time(ever["window"]!["from"]));
        Assert.Equal((50_000m, 0.2m), (ever["startPrice"].Dec(), ever["equityCurve"]!["return"].Dec()));
    }

    [Fact]
    public async Task Every_sort_puts_the_best_first_and_bots_without_a_value_last_and_inactive_bots_are_not_ranked()
    {
        using var client = Anonymous();
        async Task<string[]> Order(string sort)
        {
            var board = await client.GetJsonAsync($"/api/leaderboard?period=7d&sort={sort}");
            var rows = board["rows"]!.AsArray();
            Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(r => r!["rank"]!.GetValue<int>()));
            return rows.Select(r => r!["botId"]!.GetValue<string>()).ToArray();
        }

        // alpha: +13.8%, DD 0.15, 3 trades (2 won), fees 1.8. flat: 0%, DD 0, no trades. loser: -10%, DD 0.1, 1 losing trade, fee 1;
        // its daily returns 0, 0, -0.05, 0, 0, 0, -1/19 give a Sharpe of -11.1816.
        Assert.Equal(["alpha", "flat", "loser"], await Order("return"));
        Assert.Equal(["alpha", "flat", "loser"], await Order("pnl"));
        Assert.Equal(["flat", "loser", "alpha"], await Order("maxDrawdown"));
        Assert.Equal(["alpha", "loser", "flat"], await Order("winRate"));
        Assert.Equal(["alpha", "loser", "flat"], await Order("profitFactor"));
        Assert.Equal(["alpha", "loser", "flat"], await Order("expectancy"));
        Assert.Equal(["alpha", "loser", "flat"], await Order("trades"));
        Assert.Equal(["alpha", "loser", "flat"], await Order("fees"));
        // flat's daily returns are all 0 (no deviation): no Sharpe, so it is last even behind loser's negative one.
        Assert.Equal(["alpha", "loser", "flat"], await Order("sharpe"));
        var flat = Row(await client.GetJsonAsync("/api/leaderboard?period=7d&sort=sharpe"), "flat");
        Assert.Null(flat["equityCurve"]!["sharpe"]);
        Assert.Equal("running", flat["status"]!.GetValue<string>());
        Assert.Equal(-11.1816, Row(await client.GetJsonAsync("/api/leaderboard?period=7d"), "loser")["equityCurve"]!["sharpe"]!.GetValue<double>());
        Assert.DoesNotContain("retired", await Order("return"));
    }

    [Fact]
    public async Task A_period_or_sort_that_is_not_known_is_a_400_listing_the_allowed_values()
    {
        using var client = Anonymous();
        var problem = await (await client.GetAsync("/api/leaderboard?period=1y&sort=luck")).AssertProblemAsync(HttpStatusCode.BadRequest, "period", "sort");
        Assert.Contains("24h, 7d, 30d, all", problem["errors"]!["period"]![0]!.GetValue<string>());
        Assert.Contains("maxDrawdown", problem["errors"]!["sort"]![0]!.GetValue<string>());
        var defaults = await client.GetJsonAsync("/api/leaderboard");
        Assert.Equal(("all", "return"), (defaults["period"]!.GetValue<string>(), defaults["sort"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Prompt_version_figures_split_the_run_at_each_new_version_and_never_show_the_prompt()
    {
        var h = arena.Harness;
        var bot = await h.BotAsync("versioned", 1000m, "2024-12-20T00:00:00", balance: 1138.005m, active: false, LeaderboardArena.PromptMarker + " v2");
        await h.Database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("UPDATE bot_prompts SET created_at = @at WHERE bot_id = @bot AND version = 1", new { bot, at = At("2024-12-20T00:00:00") });
            await tx.ExecuteAsync("UPDATE bot_prompts SET created_at = @at WHERE bot_id = @bot AND version = 2", new { bot, at = At("2025-01-04T00:00:00") });
        });
        await h.SnapshotsAsync(bot, ("2025-01-03T23:59:00", 1149.5m), ("2025-01-05T12:00:00", 1034.55m), ("2025-01-06T12:00:00", 1138.005m));
        await h.ClosedPositionsAsync(bot, ("2024-12-31T20:00:00", -40m, 1), ("2025-01-02T08:00:00", 60m, 1), ("2025-01-05T11:00:00", -15m, 2),
            ("2025-01-06T11:00:00", 25m, 2));
        await h.FillsAsync(bot, ("2024-12-31T23:59:59", 9m), ("2025-01-01T00:00:00", 0.6m), ("2025-01-04T00:00:00", 0.5m), ("2025-01-08T00:00:00", 0.7m));

        using var client = Anonymous();
        var response = await client.GetAsync($"/api/bots/{bot}/prompt-versions/performance");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(LeaderboardArena.PromptMarker, text);
        var versions = (await response.AssertOkJsonAsync())["versions"]!.AsArray();

        Assert.Equal(new[] { 1, 2 }, versions.Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(new[] { false, true }, versions.Select(v => v!["active"]!.GetValue<bool>()));
        var (v1, v2) = (versions[0]!, versions[1]!);
        // v1: 12-20 (1000) to 01-04 00:00 (1149.5); v2: 1149.5 to the live 1138.005 = -1%.
        Assert.Equal((At("2024-12-20T00:00:00"), At("2025-01-04T00:00:00")), (Time(v1["window"]!["from"]), Time(v1["window"]!["to"])));
        Assert.Equal((At("2025-01-04T00:00:00"), LeaderboardArena.Now), (Time(v2["window"]!["from"]), Time(v2["window"]!["to"])));
        Assert.Equal((0.1495m, -0.01m), (v1["equityCurve"]!["return"].Dec(), v2["equityCurve"]!["return"].Dec()));
        // Positions opened under each version; fees of the fills in each window (01-04 00:00 belongs to v2).
        Assert.Equal((2, 0.5m, 9.6m), (v1["trades"]!["closedPositions"]!.GetValue<int>(), v1["trades"]!["winRate"].Dec(), v1["trades"]!["fees"].Dec()));
        Assert.Equal((2, 1.6667m, 1.2m), (v2["trades"]!["closedPositions"]!.GetValue<int>(), v2["trades"]!["profitFactor"].Dec(), v2["trades"]!["fees"].Dec()));
    }

    [Theory]
    [InlineData("period=ALL", "period")]
    [InlineData("period=%207d", "period")]
    [InlineData("period=0", "period")]
    [InlineData("sort=RETURN", "sort")]
    [InlineData("sort=return%20", "sort")]
    public async Task A_period_or_sort_is_read_only_in_its_documented_spelling(string query, string field)
    {
        using var client = Anonymous();

        await (await client.GetAsync($"/api/leaderboard?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class LeaderboardTestsOnSqlite(SqliteLeaderboardArena arena) : LeaderboardTests(arena), IClassFixture<SqliteLeaderboardArena>;

public sealed class LeaderboardTestsOnPostgres(PostgresLeaderboardArena arena) : LeaderboardTests(arena), IClassFixture<PostgresLeaderboardArena>;
