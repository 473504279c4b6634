using Arena.Grains.Bots;
using Arena.Grains.Market;
using Arena.Grains.Trading;

namespace Arena.Grains.Spectators;

/// <summary>
/// The default <see cref="IArenaSnapshotSource"/>: active bots, their accounts and open positions straight from the
/// tables, valued at this silo's latest prices. It selects public columns only: never a prompt, a provider, a
/// credential or anything about users.
/// </summary>
/// <remarks>
/// Bots, accounts and positions come from ONE statement, so they are one consistent state on both dialects (a
/// turn commits the account and its positions together; two statements could straddle a commit and show a
/// balance without the position it paid for).
/// </remarks>
public sealed class TableArenaSnapshotSource(Database database, IMarketFeed market) : IArenaSnapshotSource
{
    private const string Sql = """
        SELECT b.id AS bot_id, b.display_name, b.avatar_url, b.trading_mode, b.is_paused, b.initial_balance,
               a.balance, a.realized_pnl, a.trade_count, a.wins, a.losses, a.turn_count,
               p.id, p.symbol, p.side, p.quantity, p.entry_price, p.leverage, p.margin, p.entry_fee,
               p.stop_loss, p.take_profit, p.liquidation_price, p.opened_at, p.prompt_version
        FROM bots b
        JOIN bot_accounts a ON a.bot_id = b.id
        LEFT JOIN positions p ON p.bot_id = b.id AND p.status = 'open'
        WHERE b.is_active = @yes
        ORDER BY b.id, p.id
        """;

    public async Task<ArenaSnapshotContent> ReadAsync(CancellationToken cancellationToken)
    {
        // Split at the position's id: a bot without open positions comes back with a null position.
        var rows = await database.ReadAsync(async c => (await c.QueryAsync<BotRow, PositionRow?, (BotRow Bot, PositionRow? Position)>(
            Sql, (bot, position) => (bot, position), new { yes = true }, splitOn: "id")).ToArray(), cancellationToken);
        var quotes = market.Quotes;
        var bots = new List<ArenaBot>();
        var accounts = new List<(BotRow Bot, List<OpenPosition> Positions)>();
        var positions = new List<ArenaPosition>();
        foreach (var group in rows.GroupBy(r => r.Bot.BotId, StringComparer.Ordinal))
        {
            var bot = group.First().Bot;
            bots.Add(new ArenaBot(bot.BotId, bot.DisplayName, bot.AvatarUrl, bot.TradingMode, bot.IsPaused ? "paused" : "active", bot.InitialBalance));
            var open = group.Where(r => r.Position is not null).Select(r => r.Position!.ToOpenPosition()).ToList();
            accounts.Add((bot, open));
            positions.AddRange(open.Select(p => Describe(bot.BotId, p, quotes)));
        }

        var standings = accounts
            .Select(a => (a.Bot, a.Positions, Equity: IsolatedMargin.Equity(a.Bot.Balance, a.Positions, quotes)))
            .OrderByDescending(a => a.Equity).ThenBy(a => a.Bot.BotId, StringComparer.Ordinal)
            .Select((a, i) => new ArenaStanding(i + 1, a.Bot.BotId, a.Equity, a.Bot.Balance, a.Equity - a.Bot.InitialBalance, a.Bot.RealizedPnl,
                a.Positions.Sum(p => Unrealized(p, quotes) ?? 0m), a.Bot.TradeCount, a.Bot.Wins, a.Bot.Losses, a.Bot.TurnCount))
            .ToArray();
        var prices = market.Symbols
            .Where(s => quotes.ContainsKey(s.Symbol))
            .Select(s => quotes[s.Symbol])
            .Select(q => new ArenaPrice(q.Symbol, q.Price, q.At))
            .ToArray();
        return new ArenaSnapshotContent(bots, standings, positions, prices);
    }

    private static ArenaPosition Describe(string botId, OpenPosition p, IReadOnlyDictionary<string, Quote> quotes)
    {
        var mark = quotes.TryGetValue(p.Symbol, out var q) && q.Price > 0 ? q.Price : (decimal?)null;
        return new ArenaPosition(p.Id, botId, p.Symbol, p.Side == PositionSide.Short ? "SHORT" : "LONG", p.Quantity, p.EntryPrice, p.Leverage,
            p.Margin, p.StopLoss, p.TakeProfit, p.LiquidationPrice, p.OpenedAt, mark, Unrealized(p, quotes));
    }

    private static decimal? Unrealized(OpenPosition p, IReadOnlyDictionary<string, Quote> quotes) =>
        quotes.TryGetValue(p.Symbol, out var q) && q.Price > 0 ? IsolatedMargin.UnrealizedPnl(p, q.Price) : null;

    private sealed class BotRow
    {
        public string BotId { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string? AvatarUrl { get; set; }
        public string TradingMode { get; set; } = "paper";
        public bool IsPaused { get; set; }
        public decimal InitialBalance { get; set; }
        public decimal Balance { get; set; }
        public decimal RealizedPnl { get; set; }
        public int TradeCount { get; set; }
        public int Wins { get; set; }
        public int Losses { get; set; }
        public long TurnCount { get; set; }
    }
}
