using Arena.Grains.Bots;
using Arena.Grains.Events;

namespace Arena.Tests.Bots;

/// <summary>Scale-out: each bot's turn loop runs on exactly one silo, under a lease with a fencing token (PostgreSQL).</summary>
public sealed class LeaseTestsOnPostgres
{
    private static async Task<IReadOnlyDictionary<string, string>> OwnersAsync(EngineHarness any) =>
        (await any.QueryAsync<(string Bot, string Owner)>("SELECT bot_id, owner FROM bot_leases")).ToDictionary(r => r.Bot, r => r.Owner);

    [Fact]
    public async Task Two_silos_share_the_bots_a_crashed_silos_bots_move_and_its_stale_writes_are_fenced_off()
    {
        var database = await DatabaseTarget.CreateAsync(Dialect.Postgres);
        await using var a = await EngineHarness.StartAsync(Dialect.Postgres, database: database);
        var walker = await a.RulesProviderAsync("random_walk");
        var bots = new List<string>();
        for (var i = 0; i < 4; i++) bots.Add(await a.CreateBotAsync(walker));
        await EngineHarness.WaitUntilAsync(async () => (await OwnersAsync(a)).Count == 4, "silo A claims all four");

        await using var b = await EngineHarness.StartAsync(Dialect.Postgres, database: database);
        var idA = a.Server.GetService<SiloIdentity>().Id;
        var idB = b.Server.GetService<SiloIdentity>().Id;
        await EngineHarness.WaitUntilAsync(async () =>
        {
            var owners = await OwnersAsync(a);
            return owners.Values.Count(o => o == idA) == 2 && owners.Values.Count(o => o == idB) == 2;
        }, "a fair two-and-two split");

        // A dies: it stops renewing and releases nothing. B takes every bot once A's leases expire.
        var leasesA = a.Server.GetService<LeaseManager>();
        var stale = leasesA.Owned.First();
        leasesA.SimulateCrash();
        await EngineHarness.WaitUntilAsync(async () => (await OwnersAsync(a)).Values.All(o => o == idB), "B owns all four", seconds: 60);
        var token = (await a.QueryAsync<long>("SELECT token FROM bot_leases WHERE bot_id = @BotId", stale)).Single();
        Assert.True(token > stale.Token);

        // A late write under A's old token is refused and writes nothing.
        var store = a.Server.GetService<BotStore>();
        var trades = await a.CountAsync("SELECT count(*) FROM trades");
        var account = (await a.Grains.GetGrain<IBotGrain>(stale.BotId).Get())!.Account;
        await Assert.ThrowsAsync<LeaseLostException>(() => store.CommitAsync(stale.BotId, account.Version,
            new BotCommit(stale, account with { Balance = 1m }, null, [], [], null, [EventDraft.Public("stale.write", new { })])));
        Assert.Equal(0, await a.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'stale.write'"));
        Assert.True(await a.CountAsync("SELECT count(*) FROM trades") >= trades);
        Assert.NotEqual(1m, (await a.QueryAsync<decimal>("SELECT balance FROM bot_accounts WHERE bot_id = @BotId", stale)).Single());

        // Trading went on under B, and no bot's turns were ever taken by two silos at once.
        var decisions = await b.CountAsync("SELECT count(*) FROM bot_decisions");
        await EngineHarness.WaitUntilAsync(async () => await b.CountAsync("SELECT count(*) FROM bot_decisions") > decisions + 8, "turns under B");
        await b.AssertBooksBalanceAsync();
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
