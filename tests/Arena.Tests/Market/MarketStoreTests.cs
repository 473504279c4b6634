using Arena.Grains.Market;
using Arena.Tests.Runtime;
using Dapper;

namespace Arena.Tests.Market;

public abstract class MarketStoreTests(Dialect dialect)
{
    private static readonly DateTimeOffset Epoch = MarketTestKit.Epoch;

    [Fact]
    public async Task The_first_start_fixes_the_simulation_basis_and_later_ones_read_it_back()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect, seedDemo: false);
        var first = new SimulationBasis(Epoch, TimeSpan.FromSeconds(1), 42);
        var later = new SimulationBasis(Epoch.AddHours(5), TimeSpan.FromSeconds(2), 7);

        var stores = new[] { new MarketStore(kit.Open(), new ManualClock()), new MarketStore(kit.Open(), new ManualClock()) };
        Assert.Equal(first, await stores[0].GetOrCreateBasisAsync(first));
        Assert.Equal(first, await stores[1].GetOrCreateBasisAsync(later));
        Assert.Equal(first.Epoch.AddSeconds(90), first.TimeOf(90));
        Assert.Equal(90, first.TickAt(first.Epoch.AddSeconds(90.9)));
        Assert.Equal(0, first.TickAt(first.Epoch.AddSeconds(-30)));
    }

    [Fact]
    public async Task Silos_starting_together_agree_on_one_basis()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect, seedDemo: false);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            new MarketStore(kit.Open(), new ManualClock()).GetOrCreateBasisAsync(new SimulationBasis(Epoch.AddMinutes(i), TimeSpan.FromSeconds(1), i)))));
        Assert.Single(results.Distinct());
    }

    [Fact]
    public async Task Checkpoints_only_move_forward_and_keep_every_digit()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect, seedDemo: false);
        var store = kit.Store(new ManualClock());
        var precise = 95123.4567890123456789012345m;
        await store.SaveCheckpointsAsync([new MarketCheckpoint("BTCUSDT", 1200, precise), new MarketCheckpoint("ETHUSDT", 600, 3400.5m)]);
        await store.SaveCheckpointsAsync([new MarketCheckpoint("BTCUSDT", 600, 1m)]);

        var stored = await store.LoadCheckpointsAsync();
        Assert.Equal(new MarketCheckpoint("BTCUSDT", 1200, precise), stored["BTCUSDT"]);
        Assert.Equal(3400.5m, stored["ETHUSDT"].Price);
        await store.SaveCheckpointsAsync([new MarketCheckpoint("BTCUSDT", 1800, 2m)]);
        Assert.Equal(1800, (await store.LoadCheckpointsAsync())["BTCUSDT"].Tick);
    }

    [Fact]
    public async Task A_history_instant_is_written_once_and_the_first_price_stays()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect, seedDemo: false);
        var store = kit.Store(new ManualClock());
        var rows = Enumerable.Range(0, 450).Select(i => new PriceSample("BTCUSDT", Epoch.AddMinutes(i), 95_000m + i)).ToArray();
        await store.SaveHistoryAsync(rows);
        await store.SaveHistoryAsync([new PriceSample("BTCUSDT", Epoch.AddMinutes(3), 1m), new PriceSample("BTCUSDT", Epoch.AddMinutes(450), 2m)]);

        var read = await store.LoadHistoryAsync("BTCUSDT", Epoch.AddMinutes(-1), Epoch.AddDays(1));
        Assert.Equal(451, read.Count);
        Assert.Equal(95_003m, read[3].Price);
        Assert.Equal(rows.Append(new PriceSample("BTCUSDT", Epoch.AddMinutes(450), 2m)), read);
        Assert.Equal(2, (await store.LoadHistoryAsync("BTCUSDT", Epoch.AddMinutes(448), Epoch.AddMinutes(450))).Count);
    }

    [Fact]
    public async Task Demo_symbols_are_inserted_only_into_an_empty_table()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect, seedDemo: false);
        var store = kit.Store(new ManualClock());
        Assert.Equal(10, await store.SeedDemoSymbolsAsync());
        Assert.Equal(0, await store.SeedDemoSymbolsAsync());

        var loaded = await store.LoadSymbolsAsync();
        Assert.Equal(MarketSeed.DemoSymbols().OrderBy(s => s.Info.Symbol, StringComparer.Ordinal), loaded);

        await using var other = await MarketTestKit.CreateAsync(dialect, seedDemo: false);
        await using (var connection = await other.Database.OpenAsync())
            await connection.ExecuteAsync("INSERT INTO market_symbols (symbol, base_asset, quote_asset, price_precision, quantity_precision, tick_size, step_size, min_quantity, min_notional, updated_at) VALUES ('PEPEUSDT', 'PEPE', 'USDT', 7, 0, '0.0000001', '1', '1', '5', '2026-01-01T00:00:00.000000Z')");
        var otherStore = other.Store(new ManualClock());
        Assert.Equal(0, await otherStore.SeedDemoSymbolsAsync());
        var pepe = Assert.Single(await otherStore.LoadSymbolsAsync());
        Assert.False(pepe.IsSimulatable);
        Assert.Equal(0.0000001m, pepe.Info.TickSize);
    }
}

public sealed class MarketStoreTestsOnSqlite() : MarketStoreTests(Dialect.Sqlite);

public sealed class MarketStoreTestsOnPostgres() : MarketStoreTests(Dialect.Postgres);
