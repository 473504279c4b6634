using Arena.Grains.Bots;
using Arena.Grains.Bots.Cluster;

namespace Arena.Tests.Bots;

/// <summary>
/// Scale-out on Orleans: silos on one PostgreSQL form one cluster, the keeper spreads the active bots over them, a
/// silo that stops hands its bots over, and a stale write is fenced off by the account's version (PostgreSQL).
/// </summary>
public sealed class ClusterTestsOnPostgres
{
    private static int Local(EngineHarness silo) => silo.Server.GetService<LocalBots>().Ids.Count;

    [Fact]
    public async Task Two_silos_share_the_bots_evenly_and_a_silo_that_stops_hands_its_bots_over()
    {
        var database = await DatabaseTarget.CreateAsync(Dialect.Postgres);
        await using var a = await EngineHarness.StartAsync(Dialect.Postgres, database: database);
        var walker = await a.RulesProviderAsync("random_walk");
        for (var i = 0; i < 4; i++) await a.CreateBotAsync(walker);
        await EngineHarness.WaitUntilAsync(() => Task.FromResult(Local(a) == 4), "silo A runs all four");

        await using var b = await EngineHarness.StartAsync(Dialect.Postgres, database: database);
        await EngineHarness.WaitUntilAsync(() => Task.FromResult(Local(a) == 2 && Local(b) == 2), "a fair two-and-two split");
        var decisions = await a.CountAsync("SELECT count(*) FROM bot_decisions");
        await EngineHarness.WaitUntilAsync(async () => await a.CountAsync("SELECT count(*) FROM bot_decisions") > decisions + 8, "turns on both silos");

        // A graceful stop migrates B's bots to A before B's grains go: A runs all four again, and they keep trading.
        await b.DisposeAsync();
        await EngineHarness.WaitUntilAsync(() => Task.FromResult(Local(a) == 4), "A runs all four again", seconds: 15);
        decisions = await a.CountAsync("SELECT count(*) FROM bot_decisions");
        await EngineHarness.WaitUntilAsync(async () => await a.CountAsync("SELECT count(*) FROM bot_decisions") > decisions + 8, "turns under A alone");
        await a.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task A_turn_committed_from_a_stale_version_is_refused_and_writes_nothing()
    {
        await using var a = await EngineHarness.StartAsync(Dialect.Postgres, runEngine: false);
        var bot = await a.CreateBotAsync(await a.RulesProviderAsync("random_walk"));
        var stale = (await a.Grains.GetGrain<IBotGrain>(bot).Get())!.Account;
        Assert.NotNull(await a.RunTurnAsync(bot));

        // An activation that did not see that turn (another silo ran it meanwhile) still holds the old version.
        var store = a.Server.GetService<BotStore>();
        await Assert.ThrowsAsync<VersionConflictException>(() => store.CommitAsync(bot, stale.Version,
            new BotCommit(stale with { Balance = 1m, TurnCount = 1 }, null, [], [], null, [Arena.Grains.Events.EventDraft.Public("stale.write", new { })])));
        Assert.Equal(0, await a.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'stale.write'"));
        Assert.NotEqual(1m, (await a.QueryAsync<decimal>("SELECT balance FROM bot_accounts WHERE bot_id = @bot", new { bot })).Single());
        await a.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task Silos_starting_together_on_an_empty_database_create_the_demo_arena_once()
    {
        var database = await DatabaseTarget.CreateAsync(Dialect.Postgres);
        var demo = new Dictionary<string, string?> { ["Arena:Seed:Demo"] = "true" };
        var starts = await Task.WhenAll(
            EngineHarness.StartAsync(Dialect.Postgres, manualMarket: false, settings: demo, database: database),
            EngineHarness.StartAsync(Dialect.Postgres, manualMarket: false, settings: demo, database: database));
        await using var first = starts[0];
        await using var second = starts[1];

        Assert.Equal(4, await first.CountAsync("SELECT count(*) FROM bots"));
        Assert.Equal(4, await first.CountAsync("SELECT count(*) FROM bot_prompts"));
        Assert.Equal(4, await first.CountAsync("SELECT count(DISTINCT strategy) FROM ai_providers"));
        Assert.Equal(10, await first.CountAsync("SELECT count(*) FROM market_symbols"));
        Assert.Equal(10, await first.CountAsync("SELECT count(*) FROM leverage_policies"));
    }
}
