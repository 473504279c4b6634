using Arena.Api.Features.Streams;
using Arena.Grains.Events;
using Arena.Grains.Secrets;
using Arena.Grains.Spectators;
using Arena.Tests.Bots;
using Arena.Tests.Events;

namespace Arena.Tests.Features.Streams;

/// <summary>
/// One silo for a stream test class: the real engine running a rules random_walk bot every 200 ms (so events
/// flow all the time), a market the tests move by hand, and stream limits small enough to reach in a test.
/// </summary>
public abstract class StreamFixture(Dialect dialect) : IAsyncLifetime
{
    public static readonly string MasterKeyText = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static Dictionary<string, string?> Settings() => new()
    {
        [MasterKey.Variable] = MasterKeyText,
        ["Arena:Stream:AuthTimeout"] = "00:00:01",
        ["Arena:Stream:SessionCheckInterval"] = "00:00:00.300",
        ["Arena:Stream:SnapshotEvents"] = "20",
        ["Arena:Stream:MaxTicksPerSecond"] = "2",
        // Pruned only when a test calls EventRetention.PruneAsync: anything older than a second goes then.
        ["Arena:Events:Retention"] = "00:00:01",
        ["Arena:Events:PruneInterval"] = "01:00:00",
    };

    public EngineHarness Harness { get; private set; } = null!;

    public ArenaServer Server => Harness.Server;

    public string BotId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Harness = await EngineHarness.StartAsync(dialect, manualMarket: true, runEngine: true, settings: Settings(), configure: b =>
        {
            b.Services.AddSingleton<PublicArenaSnapshotSource>();
            b.Services.AddSingleton<IArenaSnapshotSource, UnhurriedSnapshotSource>();
        });
        // Without the 5-minute symbol cooldown the random walk keeps opening and closing positions for the fixture's whole
        // life, so a test that needs an open position (whenever it runs) gets one.
        await Harness.WithoutSymbolCooldownAsync();
        BotId = await Harness.CreateBotAsync(await Harness.RulesProviderAsync("random_walk"));
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>
/// The real snapshot source, 50 ms slower (a read model taking its time): events written concurrently then land
/// between a stream's subscription and its snapshot, the window the subscribe-first order must get right.
/// </summary>
public sealed class UnhurriedSnapshotSource(PublicArenaSnapshotSource source) : IArenaSnapshotSource
{
    public async Task<ArenaSnapshotContent> ReadAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(50, cancellationToken);
        return await source.ReadAsync(cancellationToken);
    }
}

public sealed class SqliteStreams() : StreamFixture(Dialect.Sqlite);

public sealed class PostgresStreams() : StreamFixture(Dialect.Postgres);

/// <summary>What stream tests do to a server: wait for the hub, read the store, look at the connection registry.</summary>
public static class StreamTestKit
{
    public static StreamConnections Connections(this ArenaServer server) => server.GetService<StreamConnections>();

    /// <summary>Waits until the silo has sequenced and delivered everything committed so far; returns the high-water mark.</summary>
    public static async Task<long> SettleAsync(this ArenaServer server)
    {
        await server.DrainAsync();
        await server.HubCaughtUpAsync();
        return server.GetService<EventHub>().HighWaterMark;
    }

    /// <summary>Public events with <paramref name="from"/> &lt;= seq &lt;= <paramref name="to"/>, as the store holds them.</summary>
    public static async Task<long[]> PublicSeqsAsync(this ArenaServer server, long from, long to) =>
        (await server.ReadAllAsync(EventAudience.Public, from - 1)).Where(e => e.Seq <= to).Select(e => e.Seq).ToArray();

    public static EventDraft PublicTestEvent(string marker, int fillerBytes = 0) =>
        EventDraft.Public("test.stream", new { marker, filler = new string('x', fillerBytes) });

    /// <summary>Waits (bounded) for a condition on the server side; fails with <paramref name="what"/>.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30) =>
        EngineHarness.WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);
}
