using Arena.Grains.Legacy;
using Dapper;
using static Arena.Tests.Legacy.LegacyImportTests;

namespace Arena.Tests.Legacy;

/// <summary><c>import-state</c> options, refusals, and a small hand-checked blob whose rows are known exactly.</summary>
public abstract class LegacyImportOptionsTests(Dialect dialect)
{
    // XRPUSDT: LONG x1 (t0) → exit x1c (t5); SHORT x2 (t10) → exit x2c (t15); LONG x3 (t20) still open as p-x.
    // SOLUSDT: an exit with no entry. BTCUSDT: open in the portfolio with no entry order (and its own liquidation price).
    private const string HandBlob = """
        {"bots": [{
          "id": "hand", "name": "Hand", "prompt": "You are Hand.", "provider": "gemini", "initialBalance": 1000,
          "orders": [
            {"id": "x3", "symbol": "XRPUSDT", "action": "LONG", "side": "entry", "price": 2.55, "size": 51, "leverage": 5, "timestamp": 1730913300000},
            {"id": "s-orphan", "symbol": "SOLUSDT", "action": "CLOSE", "side": "exit", "price": 180.5, "size": 90.25, "leverage": 2, "timestamp": 1730912280000, "pnl": -1},
            {"id": "x2c", "symbol": "XRPUSDT", "action": "CLOSE", "side": "exit", "price": 2.6, "size": 270, "leverage": 2, "timestamp": 1730913000000, "pnl": 10},
            {"id": "x1", "symbol": "XRPUSDT", "action": "LONG", "side": "entry", "price": 2.5, "size": 100, "leverage": 3, "timestamp": 1730912100000},
            {"id": "x2", "symbol": "XRPUSDT", "action": "SHORT", "side": "entry", "price": 2.7, "size": 270, "leverage": 2, "timestamp": 1730912700000},
            {"id": "x1c", "symbol": "XRPUSDT", "action": "CLOSE", "side": "exit", "price": 2.6, "size": 100, "leverage": 3, "timestamp": 1730912400000, "pnl": 4}
          ],
          "botLogs": [],
          "portfolio": {"balance": 1002.55, "positions": [
            {"id": "p-x", "symbol": "XRPUSDT", "type": "LONG", "entryPrice": 2.55, "size": 51, "leverage": 5, "takeProfit": 2.80},
            {"id": "p-btc", "symbol": "BTCUSDT", "type": "SHORT", "entryPrice": 45230.50, "size": 500, "leverage": 3, "liquidationPrice": 50000}
          ]},
          "realizedPnl": 13, "tradeCount": 3, "winRate": 0.6667
        }]}
        """;

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    [Fact]
    public async Task A_hand_checked_history_pairs_entries_with_their_exits_and_keeps_every_decimal()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);

        var run = await ImportCommand.ImportAsync(target, ImportCommand.WriteTemp(HandBlob));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("positions:  4 added (2 open, 2 closed), 0 already present", run.Output);
        Assert.Contains("hand: exit order s-orphan (SOLUSDT, 2024-11-06 16:58:00Z) has no open entry before it", run.Output);
        await using var database = target.Open();
        var positions = (await database.ReadAsync(c => c.QueryAsync<PositionRow>("SELECT * FROM positions ORDER BY id"))).ToList();
        Assert.Equal(
        [
            ("x1", "XRPUSDT", "LONG", "closed", 40m, 2.5m, 33.333333333333m, 1.679166666667m, At(1730912100000), (DateTimeOffset?)At(1730912400000), (decimal?)2.6m, (decimal?)4m),
            ("x2", "XRPUSDT", "SHORT", "closed", 100m, 2.7m, 135m, 4.0365m, At(1730912700000), At(1730913000000), 2.6m, 10m),
            ("p-btc", "BTCUSDT", "SHORT", "open", 0.011054487569m, 45230.50m, 166.666666666667m, 50000m, At(1730913300000), null, null, null),
            ("p-x", "XRPUSDT", "LONG", "open", 20m, 2.55m, 10.2m, 2.05275m, At(1730913300000), null, null, null),
        ], positions.Select(p => (p.ExternalId, p.Symbol, p.Side, p.Status, p.Quantity, p.EntryPrice, p.Margin, p.LiquidationPrice, p.OpenedAt, p.ClosedAt, p.ExitPrice, p.RealizedPnl)));
        Assert.Equal("45230.50", positions[2].EntryPrice.ToString(CultureInfo.InvariantCulture)); // the scale survives both dialects
        Assert.Equal((null, 2.80m), (positions[3].StopLoss, positions[3].TakeProfit));

        var ids = positions.ToDictionary(p => p.Id, p => p.ExternalId);
        var trades = (await database.ReadAsync(c => c.QueryAsync<TradeRow>("SELECT * FROM trades ORDER BY id"))).ToList();
        Assert.Equal(
        [
            ("x1", "LONG", "entry", "x1", 40m, 100m, (decimal?)null),
            ("s-orphan", "CLOSE", "exit", null, 0.5m, 90.25m, -1m),
            ("x1c", "CLOSE", "exit", "x1", 40m, 104m, 4m),
            ("x2", "SHORT", "entry", "x2", 100m, 270m, null),
            ("x2c", "CLOSE", "exit", "x2", 100m, 260m, 10m),
            ("x3", "LONG", "entry", "p-x", 20m, 51m, null),
        ], trades.Select(t => (t.ExternalId, t.Action, t.Fill, t.PositionId is { } id ? ids[id] : null, t.Quantity, t.Notional, t.RealizedPnl)));

        var account = await database.ReadAsync(c => c.QuerySingleAsync<AccountRow>("SELECT * FROM bot_accounts"));
        Assert.Equal((1002.55m, 13m, 3, 2, 1, 0L, (DateTimeOffset?)null), (account.Balance, account.RealizedPnl, account.TradeCount, account.Wins, account.Losses, account.TurnCount, account.LastTurnAt));
        var symbols = (await database.ReadAsync(c => c.QueryAsync<(string Symbol, int PricePrecision, int QuantityPrecision, decimal TickSize)>(
            "SELECT symbol, price_precision, quantity_precision, tick_size FROM market_symbols ORDER BY symbol"))).ToList();
        Assert.Equal([("BTCUSDT", 1, 5, 0.1m), ("SOLUSDT", 1, 3, 0.1m), ("XRPUSDT", 2, 1, 0.01m)], symbols);
    }

    [Fact]
    public async Task Provider_assigns_every_bot_to_an_existing_provider_and_creates_no_legacy_provider()
    {
        var target = await ImportCommand.MigratedAsync(dialect);
        await using var database = target.Open();
        await database.InTransactionAsync(tx => tx.ExecuteAsync(
            "INSERT INTO ai_providers (id, name, kind, strategy, created_at, updated_at) VALUES ('rules-momentum', 'Rules', 'rules', 'momentum', @now, @now)",
            new { now = DateTimeOffset.UtcNow }));

        var run = await ImportCommand.ImportAsync(target, LegacySampleTests.SamplePath, "--provider", "rules-momentum");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("providers:  0 created, 0 already present", run.Output);
        Assert.Equal(["rules-momentum"], await database.ReadAsync(c => c.QueryAsync<string>("SELECT DISTINCT provider_id FROM bots")));
        Assert.Equal(1, await DatabaseDump.CountAsync(target, "SELECT count(*) FROM ai_providers"));
        // Decisions still name the legacy provider that made them.
        Assert.Equal(["legacy-gemini", "legacy-grok", "legacy-openai", "legacy-qwen"],
            await database.ReadAsync(c => c.QueryAsync<string>("SELECT DISTINCT provider_id FROM bot_decisions ORDER BY provider_id")));
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_with_exit_code_2_and_nothing_is_written()
    {
        var target = await ImportCommand.MigratedAsync(dialect);
        var before = await DatabaseDump.AllRowsAsync(target);

        var run = await ImportCommand.ImportAsync(target, LegacySampleTests.SamplePath, "--provider", "no-such-provider");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  --provider: no ai_providers row has the id 'no-such-provider'", run.Error);
        Assert.Equal(before, await DatabaseDump.AllRowsAsync(target));
    }

    [Fact]
    public async Task Imported_bots_are_inactive_unless_activate_is_given()
    {
        var inactive = await DatabaseTarget.CreateAsync(dialect);
        var active = await DatabaseTarget.CreateAsync(dialect);

        Assert.Equal(0, (await ImportCommand.ImportAsync(inactive, LegacySampleTests.SamplePath)).ExitCode);
        var run = await ImportCommand.ImportAsync(active, LegacySampleTests.SamplePath, "--activate");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--activate without --provider: the bots run on legacy-gemini, legacy-grok, legacy-openai, legacy-qwen", run.Output);
        Assert.Equal(0, await DatabaseDump.CountAsync(inactive, "SELECT count(*) FROM bots WHERE is_active = @yes", new { yes = true }));
        Assert.Equal(4, await DatabaseDump.CountAsync(active, "SELECT count(*) FROM bots WHERE is_active = @yes", new { yes = true }));
        Assert.Equal(0, await DatabaseDump.CountAsync(active, "SELECT count(*) FROM ai_providers WHERE is_active = @yes", new { yes = true }));
    }

    [Fact]
    public async Task A_bot_id_held_by_a_bot_no_import_created_is_refused_and_nothing_is_written()
    {
        var target = await ImportCommand.MigratedAsync(dialect);
        await using (var database = target.Open())
            await database.InTransactionAsync(async tx =>
            {
                var now = DateTimeOffset.UtcNow;
                await tx.ExecuteAsync("INSERT INTO ai_providers (id, name, kind, created_at, updated_at) VALUES ('p', 'P', 'rules', @now, @now)", new { now });
                await tx.ExecuteAsync("""
                    INSERT INTO bots (id, display_name, provider_id, trading_mode, initial_balance, max_leverage, active_prompt_version, created_at, updated_at)
                    VALUES ('bot_degen', 'Engine Degen', 'p', 'paper', @balance, 5, 1, @now, @now)
                    """, new { balance = 500m, now });
                await tx.ExecuteAsync("INSERT INTO bot_prompts (bot_id, version, prompt, created_at) VALUES ('bot_degen', 1, 'mine', @now)", new { now });
            });
        var before = await DatabaseDump.AllRowsAsync(target);

        var run = await ImportCommand.ImportAsync(target, LegacySampleTests.SamplePath);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  bots[1].id: a bot 'bot_degen' already exists and was not created by import-state", run.Error);
        Assert.Equal(before, await DatabaseDump.AllRowsAsync(target));
    }

    [Fact]
    public async Task Configuration_before_the_file_is_refused_with_a_usage_hint()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Arena.Silo.SiloCommands.RunAsync(
            ["import-state", $"--Arena:Database:Provider={target.Provider}", LegacySampleTests.SamplePath, $"--Arena:Database:ConnectionString={target.ConnectionString}"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("the file comes first: import-state <file>", error.ToString());
    }
}

public sealed class LegacyImportOptionsTestsOnSqlite() : LegacyImportOptionsTests(Dialect.Sqlite);

public sealed class LegacyImportOptionsTestsOnPostgres() : LegacyImportOptionsTests(Dialect.Postgres);
