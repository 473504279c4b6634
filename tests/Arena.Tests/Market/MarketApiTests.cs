using Arena.Grains.Market;
using Arena.Grains.Persistence;
using Microsoft.Extensions.Logging.Abstractions;

namespace Arena.Tests.Market;

/// <summary>A silo whose database has the demo symbols before it starts, ticking every 50 ms.</summary>
public abstract class MarketArena(Dialect dialect) : IAsyncLifetime
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    public ArenaServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        await using (var database = target.Open())
        {
            await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
            await new MarketStore(database, TimeProvider.System).SeedDemoSymbolsAsync();
        }
        Server = await ArenaServer.StartAsync(target, new Dictionary<string, string?> { ["Arena:Market:TickInterval"] = "00:00:00.050" });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class SqliteMarketArena() : MarketArena(Dialect.Sqlite);

public sealed class PostgresMarketArena() : MarketArena(Dialect.Postgres);

public abstract class MarketApiTests(MarketArena arena)
{
    private ArenaServer Server => arena.Server;

    private async Task<SimulatedMarketFeed> StartedFeed()
    {
        var feed = Assert.IsType<SimulatedMarketFeed>(Server.GetService<IMarketFeed>());
        await feed.Started.WaitAsync(TimeSpan.FromSeconds(30));
        return feed;
    }

    [Fact]
    public async Task Anyone_can_list_the_symbols_with_their_precisions()
    {
        await StartedFeed();
        using var anonymous = Server.CreateClient();
        var body = await (await anonymous.GetAsync("/api/market/symbols")).AssertOkJsonAsync();

        Assert.Equal("simulated", body["source"]!.GetValue<string>());
        var symbols = body["symbols"]!.AsArray();
        Assert.Equal(10, symbols.Count);
        var btc = symbols.Single(s => s!["symbol"]!.GetValue<string>() == "BTCUSDT")!;
        Assert.Equal(0.1m, btc["tickSize"]!.GetValue<decimal>());
        Assert.Equal(0.001m, btc["stepSize"]!.GetValue<decimal>());
        Assert.Equal(20m, btc["minNotional"]!.GetValue<decimal>());
        Assert.Equal("BTC", btc["baseAsset"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tickers_are_public_fresh_and_on_the_deterministic_walk()
    {
        var feed = await StartedFeed();
        using var anonymous = Server.CreateClient();
        var body = await (await anonymous.GetAsync("/api/market/tickers")).AssertOkJsonAsync();

        Assert.False(body["stale"]!.GetValue<bool>());
        var tickers = body["tickers"]!.AsArray();
        Assert.Equal(10, tickers.Count);
        var btc = tickers.Single(t => t!["symbol"]!.GetValue<string>() == "BTCUSDT")!;
        var at = btc["at"]!.GetValue<DateTimeOffset>();
        var basis = feed.Basis!;
        var tick = basis.TickAt(at);
        Assert.Equal(at, basis.TimeOf(tick));
        var expected = MarketFeed.RoundPrice(feed.Symbols.Single(s => s.Symbol == "BTCUSDT"),
            RandomWalk.PriceAt(basis.Seed, "BTCUSDT", 0.6m, basis.TickInterval, 95_000m, tick));
        Assert.Equal(expected, btc["price"]!.GetValue<decimal>());
        Assert.True(btc["high24h"]!.GetValue<decimal>() >= btc["low24h"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Subscribers_receive_ticks_as_the_silo_runs()
    {
        var feed = await StartedFeed();
        using var subscription = feed.Subscribe(capacity: 8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sequences = new List<long>();
        while (sequences.Count < 3) sequences.Add((await subscription.Reader.ReadAsync(timeout.Token)).Sequence);

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(MarketArena.Tick, feed.Basis!.TickInterval);
    }
}

public sealed class MarketApiTestsOnSqlite(SqliteMarketArena arena) : MarketApiTests(arena), IClassFixture<SqliteMarketArena>;

public sealed class MarketApiTestsOnPostgres(PostgresMarketArena arena) : MarketApiTests(arena), IClassFixture<PostgresMarketArena>;

public sealed class BinanceHostingTests
{
    [Fact]
    public async Task With_source_binance_the_silo_serves_the_exchange_prices()
    {
        await using var stub = await BinanceStub.StartAsync();
        await using var server = await ArenaServer.StartAsync(DatabaseTarget.NewSqlite(), new Dictionary<string, string?>
        {
            ["Arena:Market:Source"] = "binance",
            ["Arena:Market:BinanceBaseUrl"] = stub.BaseAddress.ToString(),
        });
        var feed = Assert.IsType<BinanceMarketFeed>(server.GetService<IMarketFeed>());
        await feed.Started.WaitAsync(TimeSpan.FromSeconds(30));

        using var anonymous = server.CreateClient();
        var body = await (await anonymous.GetAsync("/api/market/tickers")).AssertOkJsonAsync();
        Assert.Equal("binance", body["source"]!.GetValue<string>());
        var tickers = body["tickers"]!.AsArray();
        Assert.Equal(["BTCUSDT", "ETHUSDT"], tickers.Select(t => t!["symbol"]!.GetValue<string>()));
        Assert.Equal(95_000.10m, tickers[0]!["price"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_unknown_source_stops_the_silo_with_the_reason()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => ArenaServer.StartAsync(DatabaseTarget.NewSqlite(),
            new Dictionary<string, string?> { ["Arena:Market:Source"] = "coinflip" }));
        Assert.Contains("Arena:Market:Source", ex.ToString());
    }
}
