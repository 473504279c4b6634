using Arena.Grains.Bots;
using Arena.Grains.Desk;
using Arena.Grains.Events;
using Arena.Grains.Providers;
using Arena.Grains.Users;
using Dapper;

namespace Arena.Tests.Cluster;

/// <summary>
/// Copy trading on a real two-silo cluster over PostgreSQL: both silos run the copy mirror and both see the bot's fill,
/// yet the follower's mirror happens once (one quick trade, one ledger row).
/// </summary>
public sealed class CopyMirrorClusterTests(PostgresGrainCluster cluster) : IClassFixture<PostgresGrainCluster>
{
    private Task<long> CountAsync(string sql, object param) => cluster.Database.ReadAsync(c => c.ExecuteScalarAsync<long>(sql, param));

    private async Task<string> BotAsync()
    {
        var store = cluster.Service<ProviderStore>();
        if (!(await store.GetAsync("rules-hold")).IsOk)
            Assert.True((await store.CreateAsync("rules-hold", new ProviderInput("Rules", ProviderSettings.RulesKind, Arena.Grains.Providers.Rules.RuleStrategies.Names[0]))).IsOk);
        var id = "bot-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await cluster.Silo(0).GetGrain<IBotGrain>(id).Create(new BotDefinition(id, "Bot " + id, null, "rules-hold", Arena.Grains.Bots.TradingMode.Paper,
            10_000m, 10, null, true, "You copy well.", null))).IsOk);
        return id;
    }

    private async Task<(Guid UserId, Guid RunId)> FollowerAsync(string botId)
    {
        var userId = Guid.CreateVersion7();
        Assert.True((await cluster.Silo(0).GetGrain<IUserGrain>(userId).Register(new NewAccount(null, "u" + userId.ToString("N")[..12], null))).IsOk);
        var desk = cluster.Silo(1).GetGrain<ICopyDesk>(userId);
        var run = await desk.DraftCopyRun(new CopyRunDraft(botId, "fixed", null, 100m, 5, 2, 100, null));
        Assert.True(run.IsOk, run.Rejection?.ToString());
        Assert.True((await desk.ChangeCopyRun(run.Value!.Id, CopyRunCommand.Publish)).IsOk);
        return (userId, run.Value.Id);
    }

    /// <summary>A fill as the bot's turn commits it: the trade.opened event in the outbox (ids far above any real trade).</summary>
    private async Task<long> FillAsync(string botId)
    {
        var tradeId = 1_000_000 + Random.Shared.Next(1_000_000);
        await cluster.Database.InTransactionAsync(tx => EventOutbox.AppendAsync(tx, [EventDraft.Public(BotEvents.TradeOpened,
            new BotEvents.TradeOpenedEvent(botId, tradeId, tradeId, "BTCUSDT", "LONG", 10m, 100m, 5, 200m, 0.5m, null, null, 80m), botId)],
            DateTimeOffset.UtcNow));
        return tradeId;
    }

    [Fact]
    public async Task Both_silos_mirror_the_fill_and_the_follower_gets_one_trade()
    {
        var botId = await BotAsync();
        var (userId, runId) = await FollowerAsync(botId);
        var tradeId = await FillAsync(botId);
        // Both silos' mirrors race over the same fill (besides their own wake-ups).
        await Task.WhenAll(cluster.Service<CopyMirror>(0).CatchUpAsync(), cluster.Service<CopyMirror>(1).CatchUpAsync());
        await EngineWait(async () => await CountAsync("SELECT count(*) FROM copy_trade_fills WHERE run_id = @runId", new { runId }) == 1);

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM quick_trades WHERE copy_run_id = @runId AND user_id = @userId", new { runId, userId }));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM copy_trade_fills WHERE run_id = @runId AND source_trade_id = @tradeId AND outcome = 'mirrored'",
            new { runId, tradeId }));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM activity_events WHERE user_id = @userId AND type = 'copy.mirrored'", new { userId }));
    }

    [Fact]
    public async Task The_same_fill_asked_through_both_silos_at_once_is_decided_once()
    {
        var botId = await BotAsync();
        var (userId, runId) = await FollowerAsync(botId);
        var fill = new CopyFill(0, botId, CopyFillKind.Entry, 2_500_000, 2_500_000, "BTCUSDT", Arena.Grains.Trading.PositionSide.Short, 1m, 100m, 3, null, null, false);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => cluster.Silo(i % 2).GetGrain<ICopyDesk>(userId).MirrorFill(runId, fill)));

        Assert.Single(outcomes, o => !o.Duplicate);
        Assert.All(outcomes, o => Assert.Equal(MirrorResult.Mirrored, o.Result));
        Assert.Single(outcomes.Select(o => o.QuickTradeId).Distinct());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM quick_trades WHERE copy_run_id = @runId", new { runId }));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM copy_trade_fills WHERE run_id = @runId", new { runId }));
    }

    private static async Task EngineWait(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the mirror.");
            await Task.Delay(50);
        }
    }
}
