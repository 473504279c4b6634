using Arena.Grains.Market;
using Arena.Grains.Persistence;
using Arena.Tests.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Arena.Tests.Market;

/// <summary>A fresh migrated database of one dialect, and feeds over it driven by hand with their own clocks.</summary>
public sealed class MarketTestKit : IAsyncDisposable
{
    private readonly List<Database> opened = [];

    private MarketTestKit(DatabaseTarget target) => Target = target;

    public DatabaseTarget Target { get; }

    public Database Database => opened[0];

    /// <summary>2026-01-01T00:00:00Z: a whole minute, so it becomes the simulation's epoch.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<MarketTestKit> CreateAsync(Dialect dialect, bool seedDemo = true)
    {
        var kit = new MarketTestKit(await DatabaseTarget.CreateAsync(dialect));
        var database = kit.Open();
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        if (seedDemo) await kit.Store(new ManualClock(Epoch)).SeedDemoSymbolsAsync();
        return kit;
    }

    /// <summary>A separate connection pool: what a second silo would have.</summary>
    public Database Open()
    {
        var database = Target.Open();
        opened.Add(database);
        return database;
    }

    public MarketStore Store(TimeProvider clock) => new(Database, clock);

    public SimulatedMarketFeed Simulated(ManualClock clock, MarketOptions? options = null) =>
        new(new MarketStore(Open(), clock), Options.Create(options ?? new MarketOptions { SimulatedWarmup = TimeSpan.Zero }), clock, NullLogger<SimulatedMarketFeed>.Instance);

    public async ValueTask DisposeAsync()
    {
        foreach (var database in opened) await database.DisposeAsync();
    }
}
