using Arena.Grains.Bots.Read;
using Arena.Grains.Market;

namespace Arena.Grains.Spectators;

/// <summary>
/// The spectator snapshot, built from the public read side (<see cref="PublicBots"/>): the same bots, valuation and
/// status words as <c>GET /api/bots</c>, so the stream and the API never disagree. Read fresh at every call (each bot's
/// account and open positions in one statement), never from the leaderboard's cache; public fields only.
/// </summary>
public sealed class PublicArenaSnapshotSource(PublicBots bots, IMarketFeed market) : IArenaSnapshotSource
{
    public async Task<ArenaSnapshotContent> ReadAsync(CancellationToken cancellationToken)
    {
        var active = (await bots.ListAsync(cancellationToken)).Where(b => b.Status != "inactive").ToArray();
        var standings = active
            .OrderByDescending(b => b.Equity).ThenBy(b => b.Id, StringComparer.Ordinal)
            .Select((b, i) => new ArenaStanding(i + 1, b.Id, b.Equity, b.Balance, b.Pnl, b.RealizedPnl, b.UnrealizedPnl, b.Trades, b.Wins, b.Losses, b.Turns))
            .ToArray();
        var positions = active.SelectMany(b => b.OpenPositions.Select(p => new ArenaPosition(p.Id, b.Id, p.Symbol, p.Side, p.Quantity, p.EntryPrice,
            p.Leverage, p.Margin, p.StopLoss, p.TakeProfit, p.LiquidationPrice, p.OpenedAt, p.MarkPrice, p.UnrealizedPnl))).ToArray();
        var quotes = market.Quotes;
        var prices = market.Symbols.Where(s => quotes.ContainsKey(s.Symbol)).Select(s => quotes[s.Symbol])
            .Select(q => new ArenaPrice(q.Symbol, q.Price, q.At)).ToArray();
        return new ArenaSnapshotContent(
            active.Select(b => new ArenaBot(b.Id, b.DisplayName, b.AvatarUrl, b.TradingMode, b.Status, b.InitialBalance)).ToArray(),
            standings, positions, prices);
    }
}
