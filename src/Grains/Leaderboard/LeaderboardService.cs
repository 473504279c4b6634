using Arena.Grains.Bots;
using Arena.Grains.Bots.Read;
using Arena.Grains.Market;
using Arena.Grains.Metrics;

namespace Arena.Grains.Leaderboard;

/// <summary>
/// The leaderboard and the per-prompt-version figures: loads each bot's history (snapshots, closed positions, fills,
/// the live equity at this silo's quotes), computes with the pure <see cref="Performance"/> functions and serves the
/// result from a short single-flight cache, so spectators polling any period never make the silo recompute per request.
/// A board is computed once per period; each request only sorts its rows (cheap) by the key it asked for.
/// </summary>
public sealed class LeaderboardService
{
    /// <summary>The buy-and-hold reference asset (docs/metrics.md: "Buy-and-hold BTC reference").</summary>
    public const string ReferenceSymbol = "BTCUSDT";

    /// <summary>Enough points to draw a reference curve and find its drawdown; long windows are sampled down to about this many.</summary>
    private const int MaxReferencePoints = 1500;

    // Each divides a day, so sampling keeps every UTC midnight and the daily returns of the reference stay exact.
    private static readonly int[] StrideSeconds = [60, 300, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

    private readonly BotReadStore bots;
    private readonly PublicBots publicBots;
    private readonly MetricsHistoryStore histories;
    private readonly Database database;
    private readonly IMarketFeed market;
    private readonly TimeSpan historyInterval;
    private readonly TimeProvider clock;
    private readonly ComputedCache<LeaderboardPeriod, ComputedBoard> boards;
    private readonly ComputedCache<string, PromptVersionsPerformance> versions;

    public LeaderboardService(BotReadStore bots, PublicBots publicBots, MetricsHistoryStore histories, Database database, IMarketFeed market,
        IOptions<LeaderboardOptions> options, IOptions<MarketOptions> marketOptions, TimeProvider clock)
    {
        (this.bots, this.publicBots, this.histories, this.database, this.market, this.clock) = (bots, publicBots, histories, database, market, clock);
        historyInterval = marketOptions.Value.HistoryInterval;
        boards = new ComputedCache<LeaderboardPeriod, ComputedBoard>(clock, options.Value.CacheDuration);
        versions = new ComputedCache<string, PromptVersionsPerformance>(clock, options.Value.CacheDuration);
    }

    private sealed record BoardEntry(PublicBot Bot, DateTimeOffset StartedAt, BotPerformance Performance);

    private sealed record ComputedBoard(DateTimeOffset ComputedAt, BoardWindow Window, IReadOnlyList<BoardEntry> Entries, BuyAndHoldReference? Reference);

    /// <param name="period"><c>24h</c>, <c>7d</c>, <c>30d</c> or <c>all</c> (the default).</param>
    /// <param name="sort">A <see cref="LeaderboardSortKey"/> wire name; <c>return</c> by default.</param>
    public async Task<Result<LeaderboardBoard>> GetAsync(string? period, string? sort, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var (chosenPeriod, chosenSort) = LeaderboardRules.CheckQuery(period, sort, errors);
        if (errors.Any) return errors.ToRejection();

        var board = (await boards.GetAsync(chosenPeriod, ComputeBoardAsync, cancellationToken))!;
        var ordered = LeaderboardSort.Order(board.Entries, chosenSort, e => e.Performance);
        var rows = ordered.Select((e, i) => new LeaderboardRow(i + 1, e.Bot.Id, e.Bot.DisplayName, e.Bot.AvatarUrl, e.Bot.Status, e.StartedAt,
            e.Performance.Window, e.Bot.Equity, e.Performance.Equity, e.Performance.Trades)).ToArray();
        return new LeaderboardBoard(WireEnum<LeaderboardPeriod>.Name(chosenPeriod), WireEnum<LeaderboardSortKey>.Name(chosenSort), board.ComputedAt,
            board.Window, rows, board.Reference);
    }

    public async Task<Result<PromptVersionsPerformance>> PromptVersionsAsync(string botId, CancellationToken cancellationToken = default) =>
        await versions.GetAsync(botId, ComputeVersionsAsync, cancellationToken) is { } report ? report : Rejection.NotFound("No bot has this id.");

    private async Task<ComputedBoard?> ComputeBoardAsync(LeaderboardPeriod period)
    {
        var now = clock.Now();
        var window = LeaderboardPeriods.Window(period, now);
        var active = (await bots.LedgersAsync()).Where(l => l.Config.IsActive).ToArray();
        var budget = await publicBots.ArenaDailyTokenBudgetAsync(CancellationToken.None);
        var entries = await database.ReadAsync(async connection =>
        {
            var list = new List<BoardEntry>(active.Length);
            foreach (var ledger in active)
            {
                var bot = publicBots.View(ledger, budget);
                var history = await histories.HistoryAsync(connection, bot.Id, ledger.StartedAt, ledger.Config.InitialBalance, window.From,
                    new EquityPoint(now, bot.Equity));
                list.Add(new BoardEntry(bot, ledger.StartedAt, Performance.Measure(history, window)));
            }
            return list;
        });
        var reference = await ReferenceAsync(window, active, now);
        return new ComputedBoard(now, new BoardWindow(period == LeaderboardPeriod.All ? null : window.From, now), entries, reference);
    }

    /// <summary>
    /// The reference over the window, starting at the later of the period's start, the earliest start of a bot on the board
    /// (for <c>all</c>, the arena's start) and the first recorded price, with the board's mean initial balance invested.
    /// </summary>
    private async Task<BuyAndHoldReference?> ReferenceAsync(TimeWindow window, IReadOnlyList<BotLedger> active, DateTimeOffset now)
    {
        var from = window.From;
        if (active.Count > 0 && active.Min(l => l.StartedAt) is var earliest && earliest > from) from = earliest;
        if (from == DateTimeOffset.MinValue) return null;
        var prices = (await histories.ReferencePricesAsync(ReferenceSymbol, from, now, Stride(now - from))).ToList();
        if (prices.Count == 0) return null;
        if (prices[0].At > from) from = prices[0].At;
        if (market.TryGetQuote(ReferenceSymbol, out var live) && live.Price > 0) prices.Add(new PricePoint(now, live.Price));

        var initial = active.Count > 0 ? MetricRounding.Money(active.Average(l => l.Config.InitialBalance)) : DemoArena.InitialBalance;
        var curve = prices.Select(p => p.At).Where(at => at > from && at < now).Distinct().Prepend(from).Append(now)
            .Select(at => new EquityPoint(at, initial)).ToList();
        if (Performance.BuyAndHold(curve, prices) is not { } metrics) return null;
        var path = prices.Select(p => new EquityPoint(p.At, p.Price)).ToList();
        return new BuyAndHoldReference(ReferenceSymbol, initial, new TimeWindow(from, now), EquityCurve.ValueAt(path, from)!.Value,
            EquityCurve.ValueAt(path, now)!.Value, curve.Count, metrics);
    }

    /// <summary>The smallest whole-second stride (a multiple of the history interval) that keeps the window near <see cref="MaxReferencePoints"/>; null reads every row.</summary>
    private TimeSpan? Stride(TimeSpan length)
    {
        if (historyInterval.Ticks % TimeSpan.TicksPerSecond != 0) return null;
        var interval = (long)historyInterval.TotalSeconds;
        var usable = StrideSeconds.Where(s => s % interval == 0).ToArray();
        if (usable.Length == 0) return null;
        var fits = usable.Where(s => length.TotalSeconds / s <= MaxReferencePoints).ToArray();
        return TimeSpan.FromSeconds(fits.Length > 0 ? fits[0] : usable[^1]);
    }

    private async Task<PromptVersionsPerformance?> ComputeVersionsAsync(string botId)
    {
        var ledger = await bots.LedgerAsync(botId);
        if (ledger is null) return null;
        var now = clock.Now();
        var bot = publicBots.View(ledger, await publicBots.ArenaDailyTokenBudgetAsync(CancellationToken.None));
        return await database.ReadAsync(async connection =>
        {
            var history = await histories.HistoryAsync(connection, botId, ledger.StartedAt, ledger.Config.InitialBalance, ledger.StartedAt,
                new EquityPoint(now, bot.Equity));
            var starts = await histories.PromptVersionsAsync(connection, botId);
            var created = starts.ToDictionary(v => v.Version, v => v.CreatedAt);
            var rows = Performance.ByPromptVersion(history, starts)
                .Select(v => new PromptVersionRow(v.Version, created[v.Version], v.Version == ledger.Config.ActivePromptVersion, v.Window, v.Equity, v.Trades))
                .OrderBy(v => v.Version)
                .ToArray();
            return new PromptVersionsPerformance(botId, now, ledger.StartedAt, rows);
        });
    }
}
