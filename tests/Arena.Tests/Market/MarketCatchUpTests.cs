using System.Diagnostics;
using Arena.Grains.Market;
using Arena.Tests.Runtime;
using Dapper;
using Xunit.Abstractions;

namespace Arena.Tests.Market;

/// <summary>A CPU-bound walk of seconds: run alone, so it neither slows other tests nor is slowed by them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MarketCatchUpCollection
{
    public const string Name = "Market catch-up (alone)";
}

public abstract class MarketCatchUpTests(Dialect dialect, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Epoch = MarketTestKit.Epoch;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Catching_up_a_day_of_one_second_ticks_for_ten_symbols_ends_where_walking_from_zero_does()
    {
        await using var kit = await MarketTestKit.CreateAsync(dialect);
        var clock = new ManualClock(Epoch.AddDays(1));
        await kit.Store(clock).GetOrCreateBasisAsync(new SimulationBasis(Epoch, Second, new MarketOptions().Seed));
        var feed = kit.Simulated(clock);

        var watch = Stopwatch.StartNew();
        await feed.InitializeAsync();
        output.WriteLine($"{dialect}: caught up 86,400 ticks x 10 symbols (plus 14,400 history rows) in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(86_400, feed.CurrentTick);
        Assert.Equal(SimulatedMarketFeedTests.Expected("BTCUSDT", 86_400), feed.Quotes["BTCUSDT"].Price);
        Assert.Equal(1440, feed.RecentCloses("BTCUSDT", 5000).Count);
        await using var connection = await kit.Database.OpenAsync();
        Assert.Equal(10 * 1441, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM market_price_history"));
    }

}

[Collection(MarketCatchUpCollection.Name)]
public sealed class MarketCatchUpTestsOnSqlite(ITestOutputHelper output) : MarketCatchUpTests(Dialect.Sqlite, output);

[Collection(MarketCatchUpCollection.Name)]
public sealed class MarketCatchUpTestsOnPostgres(ITestOutputHelper output) : MarketCatchUpTests(Dialect.Postgres, output);
