using Arena.Grains.Bots;

namespace Arena.Tests.Bots;

/// <summary>A silo restarted mid-arena restores every bot from its rows (no blob) and trading goes on with nothing lost or doubled.</summary>
public abstract class EngineRestartTests(Dialect dialect)
{
    private static readonly Dictionary<string, string?> Fast = new() { ["Arena:Market:TickInterval"] = "00:00:00.100" };

    [Fact]
    public async Task A_restarted_silo_restores_bots_from_their_rows_and_trading_continues_with_no_lost_or_duplicated_trade()
    {
        var database = await DatabaseTarget.CreateAsync(dialect);
        string[] bots;
        await using (var first = await EngineHarness.StartAsync(dialect, manualMarket: false, settings: Fast, database: database))
        {
            var walker = await first.RulesProviderAsync("random_walk");
            bots = [await first.CreateBotAsync(walker), await first.CreateBotAsync(walker), await first.CreateBotAsync(await first.RulesProviderAsync("momentum"))];
            await EngineHarness.WaitUntilAsync(async () => await first.CountAsync("SELECT count(*) FROM trades") >= 6
                && await first.CountAsync("SELECT min(c) FROM (SELECT count(*) AS c FROM bot_decisions GROUP BY bot_id) x") >= 5, "trades and turns");
        }

        // Restored state equals the rows: engine off so nothing moves while we compare.
        long turnsBefore;
        await using (var quiet = await EngineHarness.StartAsync(dialect, manualMarket: false, runEngine: false, settings: Fast, database: database))
        {
            turnsBefore = await quiet.CountAsync("SELECT count(*) FROM bot_decisions");
            foreach (var bot in bots)
            {
                var view = (await quiet.Grains.GetGrain<IBotGrain>(bot).Get())!;
                var balance = (await quiet.QueryAsync<decimal>("SELECT balance FROM bot_accounts WHERE bot_id = @bot", new { bot })).Single();
                var open = await quiet.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot AND status = 'open'", new { bot });
                var turns = await quiet.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @bot", new { bot });
                Assert.Equal((balance, (int)open, turns), (view.Account.Balance, view.OpenPositions, view.Account.TurnCount));
            }
            await quiet.AssertBooksBalanceAsync();
        }

        await using (var again = await EngineHarness.StartAsync(dialect, manualMarket: false, settings: Fast, database: database))
        {
            await EngineHarness.WaitUntilAsync(async () => await again.CountAsync("SELECT count(*) FROM bot_decisions") >= turnsBefore + 6, "turns after the restart");
            await again.Server.RestartAsync();
            await EngineHarness.WaitUntilAsync(async () => await again.CountAsync("SELECT count(*) FROM bot_decisions") >= turnsBefore + 12, "turns after a second restart");
        }

        await using var check = await EngineHarness.StartAsync(dialect, manualMarket: false, runEngine: false, settings: Fast, database: database);
        await check.AssertBooksBalanceAsync();
        Assert.Equal(await check.CountAsync("SELECT count(*) FROM trades"), await check.CountAsync("SELECT count(DISTINCT id) FROM trades"));
    }
}

public sealed class EngineRestartTestsOnSqlite() : EngineRestartTests(Dialect.Sqlite);

public sealed class EngineRestartTestsOnPostgres() : EngineRestartTests(Dialect.Postgres);
