using Arena.Grains.Bots;
using Arena.Tests.Bots;

namespace Arena.Tests.Features.Bots;

/// <summary>
/// One engine silo per test class with the engine off (turns are driven by the test, so rows change only when the test
/// says) and a manual market (BTCUSDT 100, ETHUSDT 50 until a test moves them). Each test creates its own bots.
/// </summary>
public abstract class PublicArena(Dialect dialect) : IAsyncLifetime
{
    public EngineHarness Harness { get; private set; } = null!;

    public ArenaServer Server => Harness.Server;

    public async Task InitializeAsync()
    {
        Harness = await EngineHarness.StartAsync(dialect, runEngine: false);
        await Harness.WithoutSymbolCooldownAsync();
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();

    /// <summary>A random-walk bot that has taken turns until it holds an open position and has closed at least one.</summary>
    public async Task<string> TradedBotAsync(decimal balance = 10_000m, string prompt = "You are a careful test trader.")
    {
        var bot = await Harness.CreateBotAsync(await Harness.RulesProviderAsync("random_walk"), balance: balance, prompt: prompt);
        for (var turn = 0; turn < 200; turn++)
        {
            await Harness.RunTurnsAsync(bot, 1);
            var open = await Harness.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot AND status = 'open'", new { bot });
            var closed = await Harness.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot AND status = 'closed'", new { bot });
            if (open > 0 && closed > 0) return bot;
        }
        Assert.Fail("the random walk never held and closed positions in 200 turns");
        return bot;
    }

    public IBotGrain Bot(string id) => Harness.Grains.GetGrain<IBotGrain>(id);
}

public sealed class SqlitePublicArena() : PublicArena(Dialect.Sqlite);

public sealed class PostgresPublicArena() : PublicArena(Dialect.Postgres);
