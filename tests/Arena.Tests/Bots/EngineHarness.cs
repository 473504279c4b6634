using Arena.Grains.Bots;
using Arena.Grains.Market;
using Arena.Grains.Persistence;
using Arena.Grains.Providers;
using Dapper;
using Microsoft.AspNetCore.Builder;

namespace Arena.Tests.Bots;

/// <summary>
/// A silo for engine tests: real database, real grain runtime and engine; the market is either the real
/// simulated feed or a <see cref="ManualMarketFeed"/> the test moves. Bots are created through the grains.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private EngineHarness(ArenaServer server, ManualMarketFeed? market)
    {
        Server = server;
        Market = market;
    }

    public ArenaServer Server { get; }

    public ManualMarketFeed? Market { get; }

    public Database Database => Server.GetService<Database>();

    public IGrainFactory Grains => Server.GetService<IGrainFactory>();

    /// <summary>
    /// Starts a silo. <paramref name="runEngine"/> false leaves turns to the test (drive them with <see cref="RunTurnAsync"/>).
    /// </summary>
    /// <param name="clock">A clock for the whole silo (say a <c>ManualClock</c>), instead of the system's.</param>
    public static async Task<EngineHarness> StartAsync(Dialect dialect, bool manualMarket = true, bool runEngine = true,
        IDictionary<string, string?>? settings = null, DatabaseTarget? database = null, TimeProvider? clock = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var market = manualMarket ? new ManualMarketFeed() : null;
        market?.Set(("BTCUSDT", 100m), ("ETHUSDT", 50m));
        var all = new Dictionary<string, string?>
        {
            ["Arena:Bots:RunEngine"] = runEngine ? "true" : "false",
            ["Arena:Bots:TurnInterval"] = "00:00:00.200",
            ["Arena:Bots:KeeperInterval"] = "00:00:00.200",
            ["Arena:Market:TickInterval"] = "00:00:00.100",
            ["Arena:Providers:RetryBaseDelay"] = "00:00:00.010",
            // The real feed picks up the symbols seeded below within a second.
            ["Arena:Market:SymbolRefreshInterval"] = "00:00:01",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        void Configure(WebApplicationBuilder b)
        {
            if (market is not null) b.Services.AddSingleton<IMarketFeed>(market);
            if (clock is not null) b.Services.AddSingleton(clock);
            configure?.Invoke(b);
        }
        var server = await ArenaServer.StartAsync(database ?? await DatabaseTarget.CreateAsync(dialect), all, Configure);
        if (market is null) await server.GetService<MarketStore>().SeedDemoSymbolsAsync();
        return new EngineHarness(server, market);
    }

    /// <summary>
    /// Lets bots reopen a symbol at once (the default cooldown is 5 minutes), so a random walk over the manual market's two
    /// symbols keeps opening and closing positions instead of stalling after two trades.
    /// </summary>
    public async Task WithoutSymbolCooldownAsync() =>
        Assert.True((await Server.GetService<SettingsService>().SetAsync(SettingCatalog.SymbolCooldown, "00:00:00")).IsOk);

    /// <summary>Creates a rules provider with <paramref name="strategy"/> (id = "rules-" + strategy) if it does not exist.</summary>
    public async Task<string> RulesProviderAsync(string strategy)
    {
        var id = "rules-" + strategy.Replace('_', '-');
        var store = Server.GetService<ProviderStore>();
        if (!(await store.GetAsync(id)).IsOk)
            Assert.True((await store.CreateAsync(id, new ProviderInput($"Rules {strategy}", ProviderSettings.RulesKind, strategy))).IsOk);
        return id;
    }

    /// <summary>An openai-compatible provider pointing at a fake chat server scenario (no credential).</summary>
    public async Task<string> ChatProviderAsync(string baseUrl, int timeoutSeconds = 5, int maxRetries = 0, int concurrency = 4)
    {
        var id = "chat-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Server.GetService<ProviderStore>().CreateAsync(id, new ProviderInput("Fake chat", ProviderSettings.OpenAiCompatibleKind,
            BaseUrl: baseUrl, Model: "fake-model", TimeoutSeconds: timeoutSeconds, MaxRetries: maxRetries, MaxConcurrency: concurrency));
        Assert.True(created.IsOk, created.Rejection?.ToString());
        return id;
    }

    public async Task<string> CreateBotAsync(string providerId, string? id = null, decimal balance = 10_000m, int maxLeverage = 10,
        int? dailyTokenBudget = null, string prompt = "You are a careful test trader.")
    {
        id ??= "bot-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Grains.GetGrain<IBotGrain>(id).Create(new BotDefinition(id, "Bot " + id, null, providerId, TradingMode.Paper, balance,
            maxLeverage, dailyTokenBudget, true, prompt, null));
        Assert.True(created.IsOk, created.Rejection?.ToString());
        return id;
    }

    /// <summary>Runs <paramref name="count"/> turns by hand (engine off), waiting out the turn interval between them.</summary>
    public async Task RunTurnsAsync(string botId, int count)
    {
        for (var done = 0; done < count;)
        {
            if (await RunTurnAsync(botId) is not null) done++;
            else await Task.Delay(50);
        }
    }

    /// <summary>Runs one turn by hand (engine off): prepares, asks the provider, completes; null when no turn was due.</summary>
    public async Task<TurnReport?> RunTurnAsync(string botId)
    {
        var report = await Grains.GetGrain<IBotGrain>(botId).RunTurn();
        return report.SkipReason is null ? report : null;
    }

    public async Task<long> CountAsync(string sql, object? param = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, param);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<T>(sql, param)).ToArray();
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out waiting for: {what}");
    }

    /// <summary>
    /// The books balance exactly, for every bot that was never reset: free balance + Σ open (margin + entry fee)
    /// = initial + Σ realized; the account's counters match its closed positions; every closed position has exactly
    /// one entry and one exit trade, every open one exactly one entry; turn numbers run 1..N without gaps or repeats.
    /// </summary>
    public async Task AssertBooksBalanceAsync()
    {
        // One snapshot of the whole database: the bots may be trading while this reads.
        await using var connection = await Database.OpenAsync();
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
        async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null) =>
            (await connection.QueryAsync<T>(sql, param, snapshot)).ToArray();
        var bots = await QueryAsync<string>("SELECT id FROM bots");
        foreach (var bot in bots)
        {
            var account = (await QueryAsync<AccountCheck>(
                "SELECT a.balance, a.realized_pnl, a.trade_count, a.wins, a.losses, a.turn_count, b.initial_balance FROM bot_accounts a JOIN bots b ON b.id = a.bot_id WHERE a.bot_id = @bot",
                new { bot })).Single();
            var positions = await QueryAsync<PositionCheck>(
                "SELECT id, status, margin, entry_fee, realized_pnl FROM positions WHERE bot_id = @bot", new { bot });
            var open = positions.Where(p => p.Status == "open").ToArray();
            var closed = positions.Where(p => p.Status == "closed").ToArray();
            Assert.Equal(account.InitialBalance + closed.Sum(p => p.RealizedPnl ?? 0m), account.Balance + open.Sum(p => p.Margin + p.EntryFee));
            Assert.Equal(closed.Sum(p => p.RealizedPnl ?? 0m), account.RealizedPnl);
            Assert.Equal(closed.Length, account.TradeCount);
            Assert.Equal(account.TradeCount, account.Wins + account.Losses);
            Assert.Equal(closed.Count(p => p.RealizedPnl > 0), account.Wins);

            var fills = await QueryAsync<(long PositionId, string Fill)>("SELECT position_id, fill FROM trades WHERE bot_id = @bot", new { bot });
            foreach (var p in closed)
                Assert.Equal(new[] { "entry", "exit" }, fills.Where(f => f.PositionId == p.Id).Select(f => f.Fill).Order());
            foreach (var p in open)
                Assert.Equal(new[] { "entry" }, fills.Where(f => f.PositionId == p.Id).Select(f => f.Fill));

            var turns = await QueryAsync<long>("SELECT turn_number FROM bot_decisions WHERE bot_id = @bot ORDER BY id", new { bot });
            Assert.Equal(Enumerable.Range(1, turns.Count).Select(i => (long)i), turns);
            Assert.Equal(turns.Count, account.TurnCount);
        }
    }

    public sealed class AccountCheck
    {
        public decimal Balance { get; set; }
        public decimal RealizedPnl { get; set; }
        public int TradeCount { get; set; }
        public int Wins { get; set; }
        public int Losses { get; set; }
        public long TurnCount { get; set; }
        public decimal InitialBalance { get; set; }
    }

    public sealed class PositionCheck
    {
        public long Id { get; set; }
        public string Status { get; set; } = "";
        public decimal Margin { get; set; }
        public decimal EntryFee { get; set; }
        public decimal? RealizedPnl { get; set; }
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
