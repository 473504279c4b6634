using Arena.Grains.Bots;
using Arena.Grains.Providers;
using Dapper;
using Orleans.Runtime;

namespace Arena.Tests.Cluster;

/// <summary>
/// The bot grain on a real two-silo Orleans cluster: one activation whichever silo calls it, and the fence that keeps an
/// activation that missed a commit (another one ran the bot meanwhile) from ever committing a turn on stale state.
/// </summary>
public abstract class BotGrainClusterTests(GrainCluster cluster)
{
    private async Task<string> NewBotAsync()
    {
        var providers = cluster.Service<ProviderStore>();
        if (!(await providers.GetAsync("rules-walk")).IsOk)
            await providers.CreateAsync("rules-walk", new ProviderInput("Rules walk", ProviderSettings.RulesKind, "random_walk"));
        var id = "bot-" + Guid.NewGuid().ToString("N")[..8];
        var created = await cluster.Silo(0).GetGrain<IBotGrain>(id).Create(new BotDefinition(id, "Bot " + id, null, "rules-walk", TradingMode.Paper, 10_000m,
            10, null, true, "You are a test trader.", null));
        Assert.True(created.IsOk, created.Rejection?.ToString());
        return id;
    }

    private static async Task<TurnReport> CommittedTurnAsync(IBotGrain bot)
    {
        for (var i = 0; i < 200; i++)
        {
            var report = await bot.RunTurn();
            if (report.Committed) return report;
            await Task.Delay(10);
        }
        throw new TimeoutException("no turn was due");
    }

    [Fact]
    public async Task Calls_from_both_silos_reach_the_one_activation_of_a_bot()
    {
        var id = await NewBotAsync();
        var views = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => cluster.Silo(i % 2).GetGrain<IBotGrain>(id).Get()));
        Assert.All(views, v => Assert.Equal(id, v!.Config.Id));
        var management = cluster.Silo(1).GetGrain<IManagementGrain>(0);
        Assert.Equal(1, await management.GetGrainActivationCount((GrainReference)cluster.Silo(1).GetGrain<IBotGrain>(id)));
    }

    [Fact]
    public async Task An_activation_that_missed_a_commit_never_commits_a_turn_on_stale_state()
    {
        var id = await NewBotAsync();
        var bot = cluster.Silo(1).GetGrain<IBotGrain>(id);
        await CommittedTurnAsync(bot);
        var seen = (await bot.Get())!.Account;
        Assert.Equal(1, seen.TurnCount);

        // Another activation of the bot (a silo that ran it a moment ago) commits turn 2; this activation still holds turn 1.
        var store = cluster.Service<BotStore>(0);
        var elsewhere = new DecisionToRecord(2, "rules-walk", 1, null, null, null, null, "[]", "[]", false, "run by another activation", null, null, null);
        await store.CommitAsync(id, seen.Version, new BotCommit(seen with { TurnCount = 2, LastTurnAt = DateTimeOffset.UtcNow }, elsewhere, [], [], 1, []));
        Assert.Equal(1, (await bot.Get())!.Account.TurnCount);

        // Its next turn loses the version race, reloads and is prepared again on the winner's state: turn 3, not a second turn 2.
        var report = await CommittedTurnAsync(bot);
        Assert.Null(report.SkipReason);
        var turns = (await cluster.Database.ReadAsync(c => c.QueryAsync<long>("SELECT turn_number FROM bot_decisions WHERE bot_id = @id ORDER BY id", new { id }))).ToArray();
        Assert.Equal([1L, 2L, 3L], turns);
        Assert.Equal(3, (await bot.Get())!.Account.TurnCount);
    }
}

public sealed class BotGrainClusterTestsOnSqlite(SqliteGrainCluster cluster) : BotGrainClusterTests(cluster), IClassFixture<SqliteGrainCluster>;

public sealed class BotGrainClusterTestsOnPostgres(PostgresGrainCluster cluster) : BotGrainClusterTests(cluster), IClassFixture<PostgresGrainCluster>;
