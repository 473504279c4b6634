using Arena.Grains.Legacy;
using Dapper;

namespace Arena.Tests.Legacy;

/// <summary><c>import-state</c> with the committed sample blob: what it writes, that it writes it once, and that a bad file writes nothing.</summary>
public abstract class LegacyImportTests(Dialect dialect)
{
    private static readonly JsonArray SampleBots = JsonNode.Parse(File.ReadAllText(LegacySampleTests.SamplePath))!["bots"]!.AsArray();

    private static int Total(string array) => SampleBots.Sum(b => b![array]!.AsArray().Count);

    private static int OpenPositions => SampleBots.Sum(b => b!["portfolio"]!["positions"]!.AsArray().Count);

    private static int Exits => SampleBots.Sum(b => b!["orders"]!.AsArray().Count(o => (string)o!["side"]! == "exit"));

    private async Task<DatabaseTarget> ImportedSampleAsync()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);
        var run = await ImportCommand.ImportAsync(target, LegacySampleTests.SamplePath);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        return target;
    }

    [Fact]
    public async Task Importing_the_sample_creates_exactly_the_rows_the_blob_describes()
    {
        var target = await DatabaseTarget.CreateAsync(dialect);

        var run = await ImportCommand.ImportAsync(target, LegacySampleTests.SamplePath);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("bots:       4 created, 0 already present", run.Output);
        Assert.Contains("renamed 'Bot_Quant' -> 'bot_quant'", run.Output);
        Assert.Contains($"trades:     {Total("orders")} added, 0 already present", run.Output);
        Assert.Contains($"positions:  {Exits + OpenPositions} added ({OpenPositions} open, {Exits} closed), 0 already present", run.Output);
        Assert.Contains($"decisions:  {Total("botLogs")} added, 0 already present", run.Output);
        Assert.Contains("marketData: 10 entries ignored", run.Output);
        Assert.Contains("warnings:   1\n  - bot_degen: tradingMode 'real' imported as 'paper'", run.Output.ReplaceLineEndings("\n"));

        Assert.Equal(Total("orders"), await DatabaseDump.CountAsync(target, "SELECT count(*) FROM trades WHERE reason = 'import' AND fee = 0"));
        Assert.Equal(Exits, await DatabaseDump.CountAsync(target, "SELECT count(*) FROM positions WHERE status = 'closed' AND close_reason = 'import'"));
        Assert.Equal(OpenPositions, await DatabaseDump.CountAsync(target, "SELECT count(*) FROM positions WHERE status = 'open'"));
        Assert.Equal(Total("botLogs"), await DatabaseDump.CountAsync(target, "SELECT count(*) FROM bot_decisions WHERE prompt_version IS NULL AND prompt_context IS NOT NULL"));
        Assert.Equal(10, await DatabaseDump.CountAsync(target, "SELECT count(*) FROM market_symbols WHERE is_active = @no", new { no = false }));
        Assert.Equal(4, await DatabaseDump.CountAsync(target, "SELECT count(*) FROM activity_events WHERE type = 'bot.created'"));
        Assert.Equal(4, await DatabaseDump.CountAsync(target, "SELECT count(*) FROM bot_prompts WHERE version = 1 AND note = @note", new { note = LegacyImportPlanner.PromptNote }));

        await using var database = target.Open();
        var bots = (await database.ReadAsync(c => c.QueryAsync<(string Id, string Provider, string Mode, bool Active, bool Paused)>(
            "SELECT id, provider_id, trading_mode, is_active, is_paused FROM bots ORDER BY id"))).ToList();
        Assert.Equal([("bot_astrologer", "legacy-gemini", "paper", false, false), ("bot_degen", "legacy-grok", "paper", false, false),
            ("bot_quant", "legacy-openai", "paper", false, false), ("bot_whale", "legacy-qwen", "paper", false, true)], bots);
        var providers = (await database.ReadAsync(c => c.QueryAsync<(string Id, string Kind, string? BaseUrl, string Model, bool Active)>(
            "SELECT id, kind, base_url, model, is_active FROM ai_providers WHERE credential_id IS NULL ORDER BY id"))).ToList();
        Assert.Equal([("legacy-gemini", "openai-compatible", "https://generativelanguage.googleapis.com/v1beta/openai/", "unknown", false),
            ("legacy-grok", "openai-compatible", "https://api.x.ai/v1", "unknown", false), ("legacy-openai", "openai-compatible", "https://api.openai.com/v1", "unknown", false),
            ("legacy-qwen", "openai-compatible", null, "unknown", false)], providers);
    }

    [Fact]
    public async Task Accounts_take_the_legacy_balance_and_statistics()
    {
        var target = await ImportedSampleAsync();
        await using var database = target.Open();

        foreach (var bot in SampleBots)
        {
            var id = LegacyIds.BotId((string)bot!["id"]!);
            var account = await database.ReadAsync(c => c.QuerySingleAsync<AccountRow>("SELECT * FROM bot_accounts WHERE bot_id = @id", new { id }));
            var tradeCount = (int)bot["tradeCount"]!;
            var wins = (int)Math.Round((decimal)bot["winRate"]! * tradeCount, MidpointRounding.AwayFromZero);
            var logs = bot["botLogs"]!.AsArray();
            Assert.Equal(((decimal)bot["portfolio"]!["balance"]!, (decimal)bot["realizedPnl"]!, 0m, tradeCount, wins, tradeCount - wins),
                (account.Balance, account.RealizedPnl, account.FeesPaid, account.TradeCount, account.Wins, account.Losses));
            Assert.Equal((logs.Count, DateTimeOffset.FromUnixTimeMilliseconds(logs.Max(l => (long)l!["timestamp"]!)), 1L),
                (account.TurnCount, account.LastTurnAt!.Value, account.Version));
        }
    }

    [Fact]
    public async Task Every_order_is_a_fill_stored_exactly_and_linked_to_the_position_it_opened_or_closed()
    {
        var target = await ImportedSampleAsync();
        await using var database = target.Open();

        foreach (var bot in SampleBots)
        {
            var id = LegacyIds.BotId((string)bot!["id"]!);
            var trades = (await database.ReadAsync(c => c.QueryAsync<TradeRow>("SELECT * FROM trades WHERE bot_id = @id", new { id }))).ToDictionary(t => t.ExternalId);
            var positions = (await database.ReadAsync(c => c.QueryAsync<PositionRow>("SELECT * FROM positions WHERE bot_id = @id", new { id }))).ToDictionary(p => p.Id);
            foreach (var order in bot["orders"]!.AsArray())
            {
                var t = trades[(string)order!["id"]!];
                var exit = (string)order["side"]! == "exit";
                Assert.Equal(((string)order["symbol"]!, exit ? "CLOSE" : (string)order["action"]!, (string)order["side"]!, (decimal)order["price"]!, (int)order["leverage"]!),
                    (t.Symbol, t.Action, t.Fill, t.Price, t.Leverage));
                Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds((long)order["timestamp"]!), t.ExecutedAt);
                Assert.Equal(exit ? (decimal)order["pnl"]! : null, t.RealizedPnl);
                var p = positions[Assert.NotNull(t.PositionId)];
                Assert.Equal(p.Quantity, t.Quantity);
                Assert.Equal(exit ? (p.ClosedAt, p.ExitPrice, p.RealizedPnl) : (p.OpenedAt, p.EntryPrice, null), (t.ExecutedAt, t.Price, t.RealizedPnl));
                if (!exit) Assert.Equal((decimal)order["size"]!, t.Notional);
            }
            Assert.All(positions.Values, p => Assert.Equal(p.Status == "open" ? 1 : 2, trades.Values.Count(t => t.PositionId == p.Id)));
            foreach (var open in bot["portfolio"]!["positions"]!.AsArray())
            {
                var p = positions.Values.Single(x => x.ExternalId == (string)open!["id"]!);
                Assert.Equal(("open", (string)open!["symbol"]!, (string)open["type"]!, (decimal)open["entryPrice"]!, (decimal?)open["stopLoss"], (decimal?)open["takeProfit"]),
                    (p.Status, p.Symbol, p.Side, p.EntryPrice, p.StopLoss, p.TakeProfit));
            }
        }
    }

    [Fact]
    public async Task Importing_twice_adds_nothing_and_leaves_every_row_identical()
    {
        var target = await ImportedSampleAsync();
        var before = await DatabaseDump.AllRowsAsync(target);

        var again = await ImportCommand.ImportAsync(target, LegacySampleTests.SamplePath);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("bots:       0 created, 4 already present", again.Output);
        Assert.Contains("providers:  0 created, 4 already present", again.Output);
        Assert.Contains($"trades:     0 added, {Total("orders")} already present", again.Output);
        Assert.Contains($"positions:  0 added (0 open, 0 closed), {Exits + OpenPositions} already present", again.Output);
        Assert.Contains($"decisions:  0 added, {Total("botLogs")} already present", again.Output);
        Assert.Contains("symbols:    0 added (inactive), 10 already present", again.Output);
        Assert.Equal(before, await DatabaseDump.AllRowsAsync(target));
    }

    public static TheoryData<string, string> MalformedFiles => new()
    {
        { "invalid-json", "$: not valid JSON" },
        { "truncated", "$: not valid JSON" },
        { "missing-bots", "bots: is required (an array of bots)" },
        { "bad-price", "bots[2].orders[17].price: must be a positive number" },
        { "unknown-action", "bots[1].orders[5].action: must be LONG, SHORT or CLOSE (found 'BUY')" },
        { "duplicate-order-id", "bots[0].orders[9].id: duplicate order id" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task A_malformed_file_exits_2_naming_the_path_and_writes_nothing(string malformation, string expected)
    {
        var target = await ImportCommand.MigratedAsync(dialect);
        var before = await DatabaseDump.AllRowsAsync(target);

        var run = await ImportCommand.ImportAsync(target, ImportCommand.WriteTemp(Malformed(malformation)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was written", run.Error);
        Assert.Contains($"  {expected}", run.Error);
        Assert.Equal(before, await DatabaseDump.AllRowsAsync(target));
    }

    private static string Malformed(string malformation)
    {
        var text = File.ReadAllText(LegacySampleTests.SamplePath);
        var blob = JsonNode.Parse(text)!;
        var bots = blob["bots"]!;
        switch (malformation)
        {
            case "invalid-json": return text.Replace("\"orders\": [", "\"orders\": [,");
            case "truncated": return text[..(text.Length * 3 / 5)];
            case "missing-bots": blob.AsObject().Remove("bots"); break;
            case "bad-price": bots[2]!["orders"]![17]!["price"] = -3; break;
            case "unknown-action": bots[1]!["orders"]![5]!["action"] = "BUY"; break;
            case "duplicate-order-id": bots[0]!["orders"]![9]!["id"] = bots[0]!["orders"]![3]!["id"]!.DeepClone(); break;
        }
        return blob.ToJsonString();
    }

    [Fact]
    public async Task A_restarted_silo_serves_on_the_imported_database_and_reads_the_rows_back()
    {
        var target = await ImportedSampleAsync();
        var imported = await DatabaseDump.AllRowsAsync(target);

        await using var server = await ArenaServer.StartAsync(target, new Dictionary<string, string?> { ["Arena:Seed:Demo"] = "false" });
        await server.RestartAsync();

        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var database = server.GetService<Arena.Grains.Persistence.Database>();
        var open = await database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM positions WHERE status = 'open'"));
        Assert.Equal(OpenPositions, open);
        var current = await DatabaseDump.AllRowsAsync(target);
        foreach (var table in new[] { "bots", "bot_prompts", "bot_accounts", "positions", "trades", "bot_decisions", "market_symbols", "ai_providers" })
            Assert.Equal(imported[table], current[table]);
    }

    public sealed class AccountRow
    {
        public decimal Balance { get; set; }
        public decimal RealizedPnl { get; set; }
        public decimal FeesPaid { get; set; }
        public int TradeCount { get; set; }
        public int Wins { get; set; }
        public int Losses { get; set; }
        public long TurnCount { get; set; }
        public DateTimeOffset? LastTurnAt { get; set; }
        public long Version { get; set; }
    }

    public sealed class TradeRow
    {
        public string ExternalId { get; set; } = "";
        public long? PositionId { get; set; }
        public string Symbol { get; set; } = "";
        public string Action { get; set; } = "";
        public string Fill { get; set; } = "";
        public decimal Price { get; set; }
        public decimal Quantity { get; set; }
        public decimal Notional { get; set; }
        public int Leverage { get; set; }
        public decimal? RealizedPnl { get; set; }
        public DateTimeOffset ExecutedAt { get; set; }
    }

    public sealed class PositionRow
    {
        public long Id { get; set; }
        public string ExternalId { get; set; } = "";
        public string Symbol { get; set; } = "";
        public string Side { get; set; } = "";
        public string Status { get; set; } = "";
        public decimal Quantity { get; set; }
        public decimal EntryPrice { get; set; }
        public int Leverage { get; set; }
        public decimal Margin { get; set; }
        public decimal? StopLoss { get; set; }
        public decimal? TakeProfit { get; set; }
        public decimal LiquidationPrice { get; set; }
        public DateTimeOffset OpenedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public decimal? ExitPrice { get; set; }
        public decimal? RealizedPnl { get; set; }
        public string? CloseReason { get; set; }
    }
}

public sealed class LegacyImportTestsOnSqlite() : LegacyImportTests(Dialect.Sqlite);

public sealed class LegacyImportTestsOnPostgres() : LegacyImportTests(Dialect.Postgres);
