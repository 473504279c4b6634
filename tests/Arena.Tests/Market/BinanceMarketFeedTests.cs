using Arena.Grains.Market;
using Arena.Tests.Runtime;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Arena.Tests.Market;

public sealed class BinanceMarketFeedTests : IAsyncLifetime
{
    private static readonly MarketOptions FastOptions = new() { Source = MarketOptions.Binance, BinanceMaxRetries = 0 };
    private BinanceStub stub = null!;
    private MarketTestKit kit = null!;
    private ManualClock clock = null!;

    public async Task InitializeAsync()
    {
        stub = await BinanceStub.StartAsync();
        kit = await MarketTestKit.CreateAsync(Dialect.Sqlite, seedDemo: false);
        clock = new ManualClock(stub.Now);
    }

    public async Task DisposeAsync()
    {
        await stub.DisposeAsync();
        await kit.DisposeAsync();
    }

    private BinanceMarketFeed Feed()
    {
        var options = Options.Create(FastOptions);
        var client = new BinanceMarketClient(new HttpClient { BaseAddress = stub.BaseAddress }, options, TimeProvider.System, NullLogger<BinanceMarketClient>.Instance);
        return new BinanceMarketFeed(client, kit.Store(clock), options, clock, NullLogger<BinanceMarketFeed>.Instance);
    }

    /// <summary>The ten demo symbols configured, exchangeInfo down: the feed runs on the configured precisions.</summary>
    private async Task<BinanceMarketFeed> StartWithTenDemoSymbolsAndNoExchangeInfoAsync()
    {
        await kit.Store(clock).SeedDemoSymbolsAsync();
        stub.Set(BinanceStub.ExchangeInfoPath, new BinanceStub.Reply(503, "maintenance"));
        var feed = Feed();
        await feed.InitializeAsync();
        return feed;
    }

    private async Task Tick(BinanceMarketFeed feed, int seconds)
    {
        clock.Advance(TimeSpan.FromSeconds(seconds));
        await feed.RunTimerOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Without_configured_symbols_every_trading_usdt_perpetual_is_quoted_with_its_recent_closes()
    {
        var feed = Feed();
        await feed.InitializeAsync();

        Assert.Equal("binance", feed.Source);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], feed.Symbols.Select(s => s.Symbol));
        var btc = feed.Quotes["BTCUSDT"];
        Assert.Equal((95_000.10m, 94_000.5m, 96_100m, 93_800m, 123_456.789m), (btc.Price, btc.Open24h, btc.High24h, btc.Low24h, btc.Volume24h));
        Assert.Equal(1.0634m, btc.Change24hPercent);
        // Four closed minutes; the kline still open at "now" is not a close.
        Assert.Equal([90_000m, 90_001m, 90_002m, 90_003m], feed.RecentCloses("BTCUSDT", 10));
        Assert.Equal([3_002m, 3_003m], feed.RecentCloses("ETHUSDT", 2));
        Assert.False(feed.IsStale);
    }

    [Fact]
    public async Task Configured_symbols_narrow_the_list_and_take_the_exchange_precisions()
    {
        await kit.Database.InTransactionAsync(tx => MarketStore.SeedSymbolsIfEmptyAsync(tx,
            MarketSeed.DemoSymbols().Where(s => s.Info.Symbol is "ETHUSDT" or "SOLUSDT").ToArray(), clock.GetUtcNow()));
        var feed = Feed();
        await feed.InitializeAsync();

        var eth = Assert.Single(feed.Symbols);
        Assert.Equal(("ETHUSDT", 0.01m, 20m), (eth.Symbol, eth.TickSize, eth.MinNotional));
        Assert.Equal(["ETHUSDT"], feed.Quotes.Keys);
    }

    [Fact]
    public async Task A_failing_poll_keeps_the_last_quotes_which_go_stale_until_a_poll_succeeds()
    {
        var feed = Feed();
        await feed.InitializeAsync();
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(500, "oops"));

        await Tick(feed, 4);
        await Tick(feed, 6);
        Assert.False(feed.IsStale);
        await Tick(feed, 3);
        Assert.Equal(95_000.10m, feed.Quotes["BTCUSDT"].Price);
        Assert.True(feed.IsStale);

        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, "{\"not\": \"an array\""));
        await Tick(feed, 3);
        Assert.True(feed.IsStale);

        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, BinanceStub.TickersJson(95_100m, 3_500m)));
        await Tick(feed, 3);
        Assert.Equal(95_100m, feed.Quotes["BTCUSDT"].Price);
        Assert.False(feed.IsStale);
    }

    [Fact]
    public async Task After_a_429_nothing_is_sent_until_retry_after_has_passed()
    {
        var feed = Feed();
        await feed.InitializeAsync();
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(429, """{"code":-1003}""", RetryAfter: "30"));

        await Tick(feed, 3);
        var sent = stub.Requests.Count;
        await Tick(feed, 10);
        await Tick(feed, 10);
        Assert.Equal(sent, stub.Requests.Count);

        stub.Reset(BinanceStub.TickerPath);
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, BinanceStub.TickersJson(96_000m, 3_400.25m)));
        await Tick(feed, 11);
        Assert.True(stub.Requests.Count > sent);
        Assert.Equal(96_000m, feed.Quotes["BTCUSDT"].Price);
    }

    [Fact]
    public async Task Without_exchange_info_the_configured_precisions_are_used_until_it_answers()
    {
        var feed = await StartWithTenDemoSymbolsAndNoExchangeInfoAsync();

        Assert.Equal(10, feed.Symbols.Count);
        Assert.True(feed.TryGetSymbol("BTCUSDT", out var fallback));
        Assert.Equal(20m, fallback.MinNotional);
        Assert.Equal(95_000.10m, feed.Quotes["BTCUSDT"].Price);

        stub.Reset(BinanceStub.ExchangeInfoPath);
        await Tick(feed, 61);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], feed.Symbols.Select(s => s.Symbol).Order());
        Assert.True(feed.TryGetSymbol("BTCUSDT", out var live));
        Assert.Equal(100m, live.MinNotional);
    }

    [Fact]
    public async Task Klines_are_read_a_couple_of_symbols_per_poll_to_stay_inside_the_request_weight()
    {
        var feed = await StartWithTenDemoSymbolsAndNoExchangeInfoAsync();
        Assert.Equal(2, stub.CountRequests(BinanceStub.KlinesPath));

        for (var i = 0; i < 6; i++) await Tick(feed, 3);
        Assert.Equal(10, stub.CountRequests(BinanceStub.KlinesPath));
        Assert.All(feed.Symbols, s => Assert.Equal(4, feed.RecentCloses(s.Symbol, 10).Count));

        await Tick(feed, (int)FastOptions.BinanceKlinesRefreshInterval.TotalSeconds);
        Assert.Equal(12, stub.CountRequests(BinanceStub.KlinesPath));
    }

    [Fact]
    public async Task Subscribers_get_only_the_quotes_that_changed()
    {
        var feed = Feed();
        await feed.InitializeAsync();
        using var subscription = feed.Subscribe();

        await Tick(feed, 3);
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, BinanceStub.TickersJson(95_000.10m, 3_401m)));
        await Tick(feed, 3);

        Assert.True(subscription.Reader.TryRead(out var unchanged));
        Assert.Empty(unchanged.Quotes);
        Assert.True(subscription.Reader.TryRead(out var changed));
        Assert.Equal(3_401m, Assert.Single(changed.Quotes).Price);
        Assert.True(changed.Sequence > unchanged.Sequence);
    }

    [Fact]
    public async Task Each_history_instant_is_recorded_once_from_the_first_poll_after_it()
    {
        var feed = Feed();
        await feed.InitializeAsync();
        await Tick(feed, 20);
        stub.Set(BinanceStub.TickerPath, new BinanceStub.Reply(200, BinanceStub.TickersJson(95_200m, 3_410m)));
        await Tick(feed, 15);

        await using var connection = await kit.Database.OpenAsync();
        var rows = (await connection.QueryAsync<(string Symbol, DateTimeOffset TakenAt, decimal Price)>(
            "SELECT symbol, taken_at, price FROM market_price_history ORDER BY taken_at, symbol")).ToArray();
        var minute = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [("BTCUSDT", minute, 95_000.10m), ("ETHUSDT", minute, 3_400.25m), ("BTCUSDT", minute.AddMinutes(1), 95_200m), ("ETHUSDT", minute.AddMinutes(1), 3_410m)],
            rows);
    }
}
