using Arena.Grains.Market;
using Arena.Grains.Trading;
using Arena.Tests.Runtime;
using Dapper;

namespace Arena.Tests.Market;

public abstract class SimulatedMarketFeedTests(Dialect dialect)
{
    private static readonly DateTimeOffset Epoch = MarketTestKit.Epoch;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    internal static decimal Expected(string symbol, long tick)
    {
        var demo = MarketSeed.DemoSymbols().Single(s => s.Info.Symbol == symbol);
        return MarketFeed.RoundPrice(demo.Info, RandomWalk.PriceAt(new MarketOptions().Seed, symbol, demo.AnnualVolatility!.Value, Second, demo.InitialPrice!.Value, tick));
    }

    private static Quote[] Sorted(IMarketFeed feed) => feed.Quotes.Values.OrderBy(q => q.Symbol, StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task A_first_start_begins_the_walk_a_warm_up_in_the_past_so_recent_closes_exist_at_once()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var clock = new ManualClock(Epoch.AddHours(3).AddSeconds(20));
        var feed = kit.Simulated(clock, new MarketOptions { SimulatedWarmup = TimeSpan.FromHours(1) });
        await feed.InitializeAsync();

        // The epoch is one hour earlier, on the minute; an hour of one-minute closes is already there.
        Assert.Equal(Epoch.AddHours(2), feed.Basis!.Epoch);
        Assert.Equal(3600 + 20, feed.CurrentTick);
        var closes = feed.RecentCloses("BTCUSDT", 100);
        Assert.InRange(closes.Count, 59, 61);
        Assert.Equal(Expected("BTCUSDT", 3600), closes[^1]); // the close of the last whole minute (its boundary)
    }

    [Fact]
    public async Task Two_feeds_over_one_database_publish_the_same_prices_for_the_same_tick()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var clockA = new ManualClock(Epoch.AddSeconds(5));
        var clockB = new ManualClock(Epoch.AddSeconds(5.6));
        var a = kit.Simulated(clockA);
        var b = kit.Simulated(clockB);
        await a.InitializeAsync();
        await b.InitializeAsync();

        Assert.Equal(new SimulationBasis(Epoch, Second, new MarketOptions().Seed), a.Basis);
        Assert.Equal(a.Basis, b.Basis);
        Assert.Equal(10, a.Symbols.Count);
        for (var i = 0; i < 3; i++)
        {
            clockA.Advance(TimeSpan.FromSeconds(37));
            clockB.Advance(TimeSpan.FromSeconds(37));
            await a.AdvanceAsync();
            await b.AdvanceAsync();
            Assert.Equal(a.CurrentTick, b.CurrentTick);
            Assert.Equal(Sorted(a), Sorted(b));
        }
        Assert.Equal(116, a.CurrentTick);
        Assert.True(a.TryGetQuote("BTCUSDT", out var btc));
        Assert.Equal(Expected("BTCUSDT", 116), btc.Price);
        Assert.Equal(Epoch.AddSeconds(116), btc.At);
        Assert.Equal(Expected("DOGEUSDT", 116), a.Quotes["DOGEUSDT"].Price);
    }

    [Fact]
    public async Task A_silo_starting_later_resumes_from_the_checkpoint_and_matches_walking_from_tick_zero()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var options = new MarketOptions { CheckpointEvery = 100, SimulatedWarmup = TimeSpan.Zero };
        var clockA = new ManualClock(Epoch);
        var a = kit.Simulated(clockA, options);
        await a.InitializeAsync();
        clockA.Advance(TimeSpan.FromSeconds(250));
        await a.AdvanceAsync();
        var demo = MarketSeed.DemoSymbols().Single(s => s.Info.Symbol == "ETHUSDT");
        var exact200 = RandomWalk.PriceAt(options.Seed, "ETHUSDT", 0.75m, Second, demo.InitialPrice!.Value, 200);
        Assert.Equal((200L, exact200), await Checkpoint(kit, "ETHUSDT"));

        var b = kit.Simulated(new ManualClock(Epoch.AddSeconds(1000.5)), options);
        await b.InitializeAsync();

        Assert.Equal(1000, b.CurrentTick);
        foreach (var quote in Sorted(b)) Assert.Equal(Expected(quote.Symbol, 1000), quote.Price);
        // The checkpoint written after resuming from the stored one carries the same full-precision digits.
        var exact1000 = RandomWalk.PriceAt(options.Seed, "ETHUSDT", 0.75m, Second, demo.InitialPrice!.Value, 1000);
        Assert.Equal((1000L, exact1000), await Checkpoint(kit, "ETHUSDT"));
    }

    [Fact]
    public async Task History_rows_are_aligned_to_the_interval_and_written_once_whoever_writes_them()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var clocks = new[] { new ManualClock(Epoch.AddSeconds(10)), new ManualClock(Epoch.AddSeconds(10.3)) };
        var feeds = clocks.Select(c => kit.Simulated(c)).ToArray();
        foreach (var feed in feeds) await feed.InitializeAsync();
        for (var i = 0; i < 45; i++)
        {
            foreach (var (clock, feed) in clocks.Zip(feeds))
            {
                clock.Advance(TimeSpan.FromSeconds(7));
                await feed.AdvanceAsync();
            }
        }

        await using var connection = await kit.Database.OpenAsync();
        var rows = (await connection.QueryAsync<(DateTimeOffset TakenAt, decimal Price)>(
            "SELECT taken_at, price FROM market_price_history WHERE symbol = 'BTCUSDT' ORDER BY taken_at")).ToArray();
        Assert.Equal(Enumerable.Range(0, 6).Select(m => Epoch.AddMinutes(m)), rows.Select(r => r.TakenAt));
        Assert.All(rows, r => Assert.Equal(Expected("BTCUSDT", (long)(r.TakenAt - Epoch).TotalSeconds), r.Price));
        Assert.Equal(60, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM market_price_history"));
    }

    [Fact]
    public async Task A_restarted_silo_refills_recent_closes_and_the_24h_open_and_volume_from_history()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var options = new MarketOptions { CheckpointEvery = 100, SimulatedWarmup = TimeSpan.Zero };
        var clock = new ManualClock(Epoch);
        var running = kit.Simulated(clock, options);
        await running.InitializeAsync();
        for (var i = 0; i < 63; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await running.AdvanceAsync();
        }

        var restarted = kit.Simulated(new ManualClock(clock.GetUtcNow()), options);
        await restarted.InitializeAsync();

        Assert.Equal(running.CurrentTick, restarted.CurrentTick);
        foreach (var symbol in running.Symbols.Select(s => s.Symbol))
        {
            var closes = running.RecentCloses(symbol, 100);
            Assert.Equal(11, closes.Count);
            Assert.Equal(closes, restarted.RecentCloses(symbol, 100));
            Assert.Equal(closes.TakeLast(3), restarted.RecentCloses(symbol, 3));
            var (was, now) = (running.Quotes[symbol], restarted.Quotes[symbol]);
            Assert.Equal((was.Price, was.Open24h, was.Volume24h), (now.Price, now.Open24h, now.Volume24h));
            Assert.Equal(Expected(symbol, 0), now.Open24h);
            // Only whole minutes were refilled, so the restarted silo may have missed an intra-minute extreme.
            Assert.True(now.High24h <= was.High24h && now.Low24h >= was.Low24h);
            Assert.True(now.Volume24h > 0);
        }
    }

    [Fact]
    public async Task A_slow_subscriber_loses_its_oldest_ticks_and_never_holds_the_feed_back()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var clock = new ManualClock(Epoch);
        var feed = kit.Simulated(clock);
        await feed.InitializeAsync();
        using var slow = feed.Subscribe(capacity: 3);
        using var keen = feed.Subscribe(capacity: 64);

        for (var i = 0; i < 10; i++)
        {
            clock.Advance(Second);
            var advance = feed.AdvanceAsync();
            Assert.True(await Task.WhenAny(advance, Task.Delay(TimeSpan.FromSeconds(30))) == advance, "the feed waited for a subscriber");
        }

        var kept = new List<MarketTick>();
        while (slow.Reader.TryRead(out var tick)) kept.Add(tick);
        Assert.Equal([8L, 9L, 10L], kept.Select(t => t.Sequence));
        Assert.Equal(10, kept[^1].Quotes.Count);
        var all = new List<long>();
        while (keen.Reader.TryRead(out var tick)) all.Add(tick.Sequence);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), all);

        slow.Dispose();
        Assert.True(slow.Reader.Completion.IsCompleted);
        clock.Advance(Second);
        await feed.AdvanceAsync();
        Assert.True(keen.Reader.TryRead(out var after) && after.Sequence == 11);
    }

    [Fact]
    public async Task A_deactivated_symbol_leaves_the_feed_at_the_next_symbol_refresh()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var clock = new ManualClock(Epoch);
        var feed = kit.Simulated(clock);
        await feed.InitializeAsync();
        await using (var connection = await kit.Database.OpenAsync())
            await connection.ExecuteAsync("UPDATE market_symbols SET is_active = false WHERE symbol = 'XRPUSDT'");

        clock.Advance(TimeSpan.FromSeconds(30));
        await feed.AdvanceAsync();
        Assert.True(feed.TryGetSymbol("XRPUSDT", out _));

        clock.Advance(TimeSpan.FromSeconds(31));
        await feed.AdvanceAsync();
        Assert.False(feed.TryGetSymbol("XRPUSDT", out _));
        Assert.False(feed.TryGetQuote("XRPUSDT", out _));
        Assert.Empty(feed.RecentCloses("XRPUSDT", 10));
        Assert.Equal(9, feed.Quotes.Count);
    }

    private static async Task<(long Tick, decimal Price)> Checkpoint(MarketTestKit kit, string symbol)
    {
        await using var connection = await kit.Database.OpenAsync();
        return await connection.QuerySingleAsync<(long, decimal)>("SELECT tick, price FROM market_checkpoints WHERE symbol = @symbol", new { symbol });
    }
}

public sealed class SimulatedMarketFeedTestsOnSqlite() : SimulatedMarketFeedTests(Dialect.Sqlite);

public sealed class SimulatedMarketFeedTestsOnPostgres() : SimulatedMarketFeedTests(Dialect.Postgres);
