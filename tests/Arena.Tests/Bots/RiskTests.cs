using Arena.Grains.Bots;
using Arena.Tests.Providers;

namespace Arena.Tests.Bots;

/// <summary>Between turns, positions whose stop-loss, take-profit or liquidation price the market crosses are closed through the turn write path.</summary>
public abstract class RiskTests(Dialect dialect) : ChatEngineTests(dialect)
{
    // BTC at 100: LONG 1000 USDT at 10x → fill 100.05, qty 9.995, margin 99.999975, entry fee 0.49999988,
    // liquidation 100.05 × (1 − 0.1 + 0.005) = 90.54525 → 90.55 (rounded up to the tick).
    private const string LongBtc = """{"decisions":[{"action":"LONG","symbol":"BTCUSDT","size":1000,"leverage":10,"stopLoss":95,"takeProfit":110,"reasoning":"risk test"}]}""";

    private async Task<string> BotWithOpenLongAsync()
    {
        var bot = await BotAnsweringOnceAsync(LongBtc, maxLeverage: 20);
        await EngineHarness.WaitUntilAsync(async () => await OpenPositions(bot) == 1, "the open position");
        return bot;
    }

    private Task<long> OpenPositions(string bot) => Arena.CountAsync("SELECT count(*) FROM positions WHERE bot_id = @bot AND status = 'open'", new { bot });

    private async Task<(string Reason, decimal Exit, decimal Pnl, decimal ExitFee)> ClosedAsync(string bot)
    {
        await EngineHarness.WaitUntilAsync(async () => await OpenPositions(bot) == 0, "the close");
        return (await Arena.QueryAsync<(string, decimal, decimal, decimal)>(
            "SELECT close_reason, exit_price, realized_pnl, exit_fee FROM positions WHERE bot_id = @bot", new { bot })).Single();
    }

    [Fact]
    public async Task A_price_at_the_stop_loss_closes_the_long_with_reason_stop_loss()
    {
        var bot = await BotWithOpenLongAsync();
        Arena.Market!.Set(("BTCUSDT", 95m));

        var closed = await ClosedAsync(bot);
        // Sold at 95 × (1 − 0.0005) = 94.9525 → 94.95 (sells round down); gross (94.95 − 100.05) × 9.995 = −50.9745;
        // exit notional 94.95 × 9.995 = 949.02525, fee × 0.0005 = 0.474512625 → 0.47451263 (8 dp, away from zero);
        // net = −50.9745 − 0.49999988 − 0.47451263.
        Assert.Equal(("stop_loss", 94.95m), (closed.Reason, closed.Exit));
        Assert.Equal(-51.94901251m, closed.Pnl);
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM trades WHERE bot_id = @bot AND fill = 'exit' AND reason = 'stop_loss' AND decision_id IS NULL", new { bot }));
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'trade.closed' AND bot_id = @bot", new { bot }));
        await Arena.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task A_price_at_the_take_profit_closes_the_long_with_reason_take_profit()
    {
        var bot = await BotWithOpenLongAsync();
        Arena.Market!.Set(("BTCUSDT", 110.5m));

        var closed = await ClosedAsync(bot);
        Assert.Equal("take_profit", closed.Reason);
        Assert.True(closed.Pnl > 0);
        await Arena.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task A_gap_through_the_liquidation_price_liquidates_and_loses_exactly_the_margin_and_entry_fee()
    {
        var bot = await BotWithOpenLongAsync();
        Arena.Market!.Set(("BTCUSDT", 80m));

        var closed = await ClosedAsync(bot);
        Assert.Equal(("liquidation", 90.55m, 0m), (closed.Reason, closed.Exit, closed.ExitFee));
        Assert.Equal(-(99.999975m + 0.49999988m), closed.Pnl);
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'position.liquidated' AND bot_id = @bot", new { bot }));
        await Arena.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task A_paused_bot_takes_no_turns_but_its_stop_loss_still_protects_it()
    {
        var bot = await BotWithOpenLongAsync();
        Assert.True((await Arena.Grains.GetGrain<IBotGrain>(bot).SetPaused(true)).IsOk);
        var decisions = await Arena.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @bot", new { bot });
        await Task.Delay(600); // three turn intervals
        Assert.Equal(decisions, await Arena.CountAsync("SELECT count(*) FROM bot_decisions WHERE bot_id = @bot", new { bot }));

        Arena.Market!.Set(("BTCUSDT", 94m));
        Assert.Equal("stop_loss", (await ClosedAsync(bot)).Reason);
        Assert.Equal(1, await Arena.CountAsync("SELECT count(*) FROM activity_events WHERE type = 'bot.paused' AND bot_id = @bot", new { bot }));
    }
}

public sealed class RiskTestsOnSqlite() : RiskTests(Dialect.Sqlite);

public sealed class RiskTestsOnPostgres() : RiskTests(Dialect.Postgres);
