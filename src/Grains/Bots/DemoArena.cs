using Arena.Grains.Providers;

namespace Arena.Grains.Bots;

/// <summary>
/// The demo arena a first start creates on an empty database (unless <c>Arena:Seed:Demo=false</c>):
/// four rule-based bots with different strategies, their providers, prompts and leverage policies.
/// Every row is inserted by its table's store, ON CONFLICT DO NOTHING, inside one transaction, so silos
/// starting together on an empty PostgreSQL create it exactly once.
/// </summary>
public sealed partial class DemoArena(Database database, TimeProvider clock, ILogger<DemoArena> logger)
{
    public sealed record DemoBot(string Id, string Name, string Provider, string Strategy, int MaxLeverage, string Prompt)
    {
        /// <summary>The bot's own rules provider, with the schema's defaults.</summary>
        public ProviderSettings RulesProvider =>
            ProviderValidation.Defaults(Provider, $"Rules: {Strategy.Replace('_', ' ')}", ProviderSettings.RulesKind) with { Strategy = Strategy };

        public BotConfig Config(DateTimeOffset now) => new(Id, Name, $"https://api.dicebear.com/9.x/bottts/svg?seed={Id}", Provider, TradingMode.Paper,
            InitialBalance, MaxLeverage, DailyTokenBudget: null, IsActive: true, IsPaused: false, ActivePromptVersion: 1, Version: 1, now, now);
    }

    public static IReadOnlyList<DemoBot> Bots { get; } =
    [
        new("momentum-mike", "Momentum Mike", "rules-momentum", "momentum", 5,
            "You are Momentum Mike. You ride trends: go long when price is climbing above its recent average, short when it is falling below, and cut positions when the trend turns. Keep risk small and always set a stop-loss."),
        new("reversion-rita", "Reversion Rita", "rules-mean-reversion", "mean_reversion", 3,
            "You are Reversion Rita. Prices overshoot and come back: sell stretched rallies, buy stretched dips, and take profit near the mean. Low leverage, tight exits."),
        new("random-randy", "Random Randy", "rules-random-walk", "random_walk", 10,
            "You are Random Randy, the arena's control subject. You trade on a coin flip, so any bot that cannot beat you has no edge."),
        new("breakout-bella", "Breakout Bella", "rules-breakout", "breakout", 8,
            "You are Breakout Bella. You wait for price to break out of its recent range and trade in the direction of the break, with a stop just inside the range."),
    ];

    /// <summary>Leverage caps per symbol (majors higher, small caps lower).</summary>
    public static IReadOnlyDictionary<string, int> LeveragePolicies { get; } = new Dictionary<string, int>
    {
        ["BTCUSDT"] = 20, ["ETHUSDT"] = 20, ["BNBUSDT"] = 15, ["SOLUSDT"] = 15, ["XRPUSDT"] = 10,
        ["DOGEUSDT"] = 10, ["ADAUSDT"] = 10, ["AVAXUSDT"] = 10, ["LINKUSDT"] = 10, ["LTCUSDT"] = 10,
    };

    public const decimal InitialBalance = 10_000m;

    /// <summary>Creates the demo arena if the database has no bots; returns whether it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(Func<Tx, Task>? seedMarket = null, CancellationToken cancellationToken = default)
    {
        var existing = await database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM bots"), cancellationToken);
        if (existing > 0) return false;
        var now = clock.Now();
        var created = await database.InTransactionAsync(async tx =>
        {
            if (seedMarket is not null) await seedMarket(tx);
            foreach (var (symbol, leverage) in LeveragePolicies) await LeveragePolicyStore.AddIfAbsentAsync(tx, symbol, leverage, now);
            var inserted = 0;
            foreach (var bot in Bots)
            {
                await ProviderStore.AddIfAbsentAsync(tx, bot.RulesProvider, now);
                if (await BotStore.AddIfAbsentAsync(tx, bot.Config(now), bot.Prompt, "demo arena", BotStore.OpeningAccount(InitialBalance))) inserted++;
            }
            return inserted;
        }, cancellationToken);
        if (created > 0) LogSeeded(created);
        return created > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo arena: {Bots} rule-based bots")]
    private partial void LogSeeded(int bots);
}
