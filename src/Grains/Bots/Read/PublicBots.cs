using Arena.Grains.Market;
using Arena.Grains.Metrics;
using Arena.Grains.Trading;

namespace Arena.Grains.Bots.Read;

/// <summary>
/// The public read side of the bots: validates what a spectator asked for, reads the rows (never through the
/// bot grains, so spectators neither activate bots nor queue behind their turns on any silo) and values open
/// positions at this silo's live quotes.
/// </summary>
public sealed class PublicBots(BotReadStore store, IMarketFeed market, SettingsService settings, TimeProvider clock)
{
    private static readonly Rejection Missing = Rejection.NotFound("No bot has this id.");

    /// <summary>Every bot (active or not, with its status), ordered by id.</summary>
    public async Task<IReadOnlyList<PublicBot>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ledgers = await store.LedgersAsync(cancellationToken);
        var budget = (await settings.CurrentAsync(cancellationToken)).DailyTokenBudget;
        return ledgers.Select(l => View(l, budget)).ToArray();
    }

    public async Task<Result<PublicBot>> GetAsync(string botId, CancellationToken cancellationToken = default)
    {
        var ledger = await store.LedgerAsync(botId, cancellationToken);
        if (ledger is null) return Missing;
        return View(ledger, (await settings.CurrentAsync(cancellationToken)).DailyTokenBudget);
    }

    public async Task<Result<Page<PublicTrade>>> TradesAsync(string botId, string? cursor, string? limit, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var page = PublicBotQueries.Trades(cursor, limit, errors);
        if (errors.Any) return errors.ToRejection();
        return await PageOrMissingAsync(botId, page.ToPage(await store.TradesAsync(botId, page, cancellationToken), PublicBotQueries.TradesScope, t => t.Id), t => t.ToView(),
            cancellationToken);
    }

    /// <param name="status"><c>open</c>, <c>closed</c>, or empty for both.</param>
    public async Task<Result<Page<PublicPosition>>> PositionsAsync(string botId, string? status, string? cursor, string? limit,
        CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var page = PublicBotQueries.Positions(status, cursor, limit, errors);
        if (errors.Any) return errors.ToRejection();
        var rows = await store.PositionsAsync(botId, string.IsNullOrEmpty(status) ? null : status, page, cancellationToken);
        var quotes = market.Quotes;
        return await PageOrMissingAsync(botId, page.ToPage(rows, PublicBotQueries.PositionsScope, p => p.Id), p => Valued(p, quotes), cancellationToken);
    }

    public async Task<Result<Page<PublicDecision>>> DecisionsAsync(string botId, string? cursor, string? limit, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var page = PublicBotQueries.Decisions(cursor, limit, errors);
        if (errors.Any) return errors.ToRejection();
        return await PageOrMissingAsync(botId, page.ToPage(await store.DecisionsAsync(botId, page, cancellationToken), PublicBotQueries.DecisionsScope, d => d.Id),
            d => d.ToView(), cancellationToken);
    }

    /// <param name="from">ISO 8601 instant with an offset; snapshots taken at or after it.</param>
    /// <param name="to">ISO 8601 instant with an offset; snapshots taken at or before it.</param>
    public async Task<Result<Page<PublicSnapshot>>> SnapshotsAsync(string botId, string? from, string? to, string? cursor, string? limit,
        CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var (page, since, until) = PublicBotQueries.Snapshots(from, to, cursor, limit, errors);
        if (errors.Any) return errors.ToRejection();
        var rows = await store.SnapshotsAsync(botId, since, until, page, cancellationToken);
        return await PageOrMissingAsync(botId, page.ToPage(rows, PublicBotQueries.SnapshotsScope, s => s.Id), s => s.ToView(), cancellationToken);
    }

    /// <summary>A bot's live figures at this silo's quotes (also the leaderboard's live equity).</summary>
    internal PublicBot View(BotLedger ledger, int arenaDailyTokenBudget)
    {
        var (config, account) = (ledger.Config, ledger.Account);
        var quotes = market.Quotes;
        var positions = ledger.OpenPositions.Select(p => Valued(p, quotes)).ToArray();
        var unrealized = positions.Sum(p => p.UnrealizedPnl ?? 0m);
        var equity = IsolatedMargin.Equity(account.Balance, ledger.OpenPositions.Select(p => p.ToOpenPosition()), quotes);
        var status = BotRules.Status(config, account, arenaDailyTokenBudget, clock.GetUtcNow());
        return new PublicBot(
            config.Id, config.DisplayName, config.AvatarUrl, WireEnum<BotStatus>.Name(status), config.TradingMode == TradingMode.Real ? "real" : "paper",
            ledger.Provider, config.MaxLeverage, config.ActivePromptVersion, config.CreatedAt, ledger.StartedAt, account.ResetAt,
            config.InitialBalance, account.Balance, equity, equity - config.InitialBalance, MetricRounding.Fraction(equity / config.InitialBalance - 1m),
            account.RealizedPnl, unrealized, account.FeesPaid, account.TradeCount, account.Wins, account.Losses,
            account.TradeCount == 0 ? null : MetricRounding.Fraction((decimal)account.Wins / account.TradeCount),
            account.TurnCount, account.LastTurnAt, positions);
    }

    internal async Task<int> ArenaDailyTokenBudgetAsync(CancellationToken cancellationToken) =>
        (await settings.CurrentAsync(cancellationToken)).DailyTokenBudget;

    /// <summary>An open position gets its mark price and unrealized PnL when its symbol has a usable quote (the rule equity uses).</summary>
    private static PublicPosition Valued(PositionRow p, IReadOnlyDictionary<string, Quote> quotes)
    {
        var mark = p.Status == PublicBotQueries.OpenStatus && quotes.TryGetValue(p.Symbol, out var quote) && quote.Price > 0 ? quote.Price : (decimal?)null;
        var unrealized = mark is { } price ? IsolatedMargin.UnrealizedPnl(p.ToOpenPosition(), price) : (decimal?)null;
        return new PublicPosition(p.Id, p.Symbol, p.Side, p.Status, p.Quantity, p.EntryPrice, p.Leverage, p.Margin, p.EntryFee, p.StopLoss, p.TakeProfit,
            p.LiquidationPrice, p.OpenedAt, p.OpenDecisionId, p.PromptVersion, mark, unrealized, p.ClosedAt, p.ExitPrice, p.ExitFee, p.RealizedPnl,
            p.CloseReason);
    }

    // An empty page may mean "no such bot": only then is the bot looked up, so a normal page costs one query.
    private async Task<Result<Page<TView>>> PageOrMissingAsync<TRow, TView>(string botId, Page<TRow> rows, Func<TRow, TView> view,
        CancellationToken cancellationToken)
    {
        if (rows.Items.Count == 0 && !await store.ExistsAsync(botId, cancellationToken)) return Missing;
        return new Page<TView>(rows.Items.Select(view).ToArray(), rows.NextCursor);
    }
}
