using Arena.Grains.Bots;
using Arena.Tests.Bots;

namespace Arena.Tests.Features.Leaderboard;

/// <summary>
/// Writes a bot's history as rows with chosen instants and values, so the board can be checked against hand
/// arithmetic. The bot itself is created through its grain (the engine's own write path); its start, balance,
/// snapshots, closed positions, fills and prices are then set directly, as a run of the engine would have left them.
/// </summary>
public static class HistorySeed
{
    public static DateTimeOffset At(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <param name="laterPrompts">Prompt versions 2, 3, ... added through the grain (before the rows are set, so its writes do not undo them).</param>
    public static async Task<string> BotAsync(this EngineHarness harness, string id, decimal initialBalance, string startedAt, decimal balance,
        bool active = true, params string[] laterPrompts)
    {
        await harness.CreateBotAsync(await harness.RulesProviderAsync("random_walk"), id, initialBalance);
        foreach (var prompt in laterPrompts)
            Assert.True((await harness.Grains.GetGrain<IBotGrain>(id).AddPrompt(prompt, "note: " + prompt)).IsOk);
        await harness.Database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("UPDATE bots SET created_at = @at, is_active = @active WHERE id = @id", new { at = At(startedAt), active, id });
            await tx.ExecuteAsync("UPDATE bot_accounts SET balance = @balance WHERE bot_id = @id", new { balance, id });
        });
        return id;
    }

    public static Task SnapshotsAsync(this EngineHarness harness, string bot, params (string At, decimal Equity)[] points) =>
        harness.Database.InTransactionAsync(async tx =>
        {
            foreach (var (at, equity) in points)
                await tx.ExecuteAsync("""
                    INSERT INTO bot_state_snapshots (bot_id, balance, equity, realized_pnl, unrealized_pnl, trade_count, win_rate, taken_at)
                    VALUES (@bot, @equity, @equity, 0, 0, 0, NULL, @at)
                    """, new { bot, equity, at = At(at) });
        });

    /// <summary>Closed positions with their net PnL (already net of fees, as the engine stores it).</summary>
    public static Task ClosedPositionsAsync(this EngineHarness harness, string bot, params (string ClosedAt, decimal NetPnl, int? PromptVersion)[] positions) =>
        harness.Database.InTransactionAsync(async tx =>
        {
            foreach (var (closedAt, pnl, version) in positions)
                await tx.ExecuteAsync("""
                    INSERT INTO positions (bot_id, symbol, side, status, quantity, entry_price, leverage, margin, entry_fee, liquidation_price,
                        opened_at, prompt_version, closed_at, exit_price, exit_fee, realized_pnl, close_reason)
                    VALUES (@bot, 'ETHUSDT', 'LONG', 'closed', 1, 100, 1, 100, 0, 1, @openedAt, @version, @closedAt, 100, 0, @pnl, 'signal')
                    """, new { bot, openedAt = At(closedAt).AddHours(-1), version, closedAt = At(closedAt), pnl });
        });

    public static Task FillsAsync(this EngineHarness harness, string bot, params (string At, decimal Fee)[] fills) =>
        harness.Database.InTransactionAsync(async tx =>
        {
            foreach (var (at, fee) in fills)
                await tx.ExecuteAsync("""
                    INSERT INTO trades (bot_id, symbol, action, fill, price, quantity, notional, leverage, fee, reason, executed_at)
                    VALUES (@bot, 'ETHUSDT', 'LONG', 'entry', 100, 1, 100, 1, @fee, 'signal', @at)
                    """, new { bot, fee, at = At(at) });
        });

    public static Task PricesAsync(this EngineHarness harness, string symbol, params (string At, decimal Price)[] prices) =>
        harness.Database.InTransactionAsync(async tx =>
        {
            foreach (var (at, price) in prices)
                await tx.ExecuteAsync("INSERT INTO market_price_history (symbol, taken_at, price) VALUES (@symbol, @at, @price)",
                    new { symbol, at = At(at), price });
        });
}
