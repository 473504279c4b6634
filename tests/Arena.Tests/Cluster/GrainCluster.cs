using Arena.Grains;
using Arena.Grains.Market;
using Arena.Silo;
using Arena.Tests.Bots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace Arena.Tests.Cluster;

/// <summary>
/// An in-process Orleans cluster of two silos (Microsoft.Orleans.TestingHost) hosting Arena's grains and services on
/// one real database, migrated first. The engine is off (tests drive turns) and prices come from a manual market.
/// </summary>
public abstract class GrainCluster(Dialect dialect) : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public DatabaseTarget Target { get; private set; } = null!;

    public ManualMarketFeed Market { get; } = new();

    public Database Database { get; private set; } = null!;

    /// <summary>The grain factory of silo <paramref name="index"/> (0 or 1): calls made from that silo.</summary>
    public IGrainFactory Silo(int index) => Cluster.Silos[index].ServiceProvider.GetRequiredService<IGrainFactory>();

    public T Service<T>(int silo = 0) where T : notnull => Cluster.Silos[silo].ServiceProvider.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        Target = await DatabaseTarget.CreateAsync(dialect);
        Database = Target.Open();
        await new MigrationRunner(Database, Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance).ApplyAsync();
        Market.Set(("BTCUSDT", 100m), ("ETHUSDT", 50m));
        var settings = new Dictionary<string, string?>
        {
            ["Arena:Database:Provider"] = Target.Provider,
            ["Arena:Database:ConnectionString"] = Target.ConnectionString,
            ["Arena:Bots:RunEngine"] = "false",
            ["Arena:Bots:TurnInterval"] = "00:00:00.010",
            ["Arena:Seed:Demo"] = "false",
            ["Arena:Grains:MailboxCapacity"] = "32",
            ["Arena:Dashboard:Enabled"] = "false",
        };
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            SiloApplication.AddArenaOptions(host.Services);
            host.Services.AddArenaGrains();
            host.Services.AddSingleton<IMarketFeed>(Market);
            host.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        builder.ConfigureSilo((_, silo) => silo.ConfigureArenaSilo(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteGrainCluster() : GrainCluster(Dialect.Sqlite);

public sealed class PostgresGrainCluster() : GrainCluster(Dialect.Postgres);
