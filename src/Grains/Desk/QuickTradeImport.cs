using Arena.Grains.Bots;
using System.Text.Json.Nodes;
using Arena.Grains.Trading;
using static Arena.Grains.Common.LooseJson;

namespace Arena.Grains.Desk;

/// <summary>A legacy quick trade as read from the app's store, before the desk takes it over.</summary>
[GenerateSerializer, Immutable]
public sealed record LegacyQuickTrade(
    [Id(0)] string ExternalId,
    [Id(1)] string Symbol,
    [Id(2)] PositionSide Side,
    [Id(3)] decimal Quantity,
    [Id(4)] decimal EntryPrice,
    [Id(5)] int Leverage,
    [Id(6)] decimal? StopLoss,
    [Id(7)] decimal? TakeProfit,
    [Id(8)] DateTimeOffset OpenedAt,
    [Id(9)] decimal? ExitPrice,
    [Id(10)] decimal? RealizedPnl,
    [Id(11)] DateTimeOffset? ClosedAt);

/// <summary>What the desk did with the legacy trades: the client ids it added (the others it held already).</summary>
[GenerateSerializer, Immutable]
public sealed record QuickTradeTakeover([Id(0)] IReadOnlyList<string> Added);

/// <summary>
/// MAXI⚡DOGE's quick-trade store (<c>stockclaw_quicktrades</c>, seed 000 "Terminal") taken over as desk HISTORY: every
/// legacy trade becomes a closed quick trade with close reason <c>import</c>, at its exit price and PnL when the app
/// recorded them (an open one closes at its entry price, PnL 0). The legacy wallet was the browser's own, so nothing
/// moves the paper wallet and no <c>pnl_entries</c> row is written. Items are keyed by the client's id (or a hash of the
/// item): a second import adds nothing. Names are read loosely (<see cref="LooseJson"/>): quantity from
/// <c>quantity</c>/<c>qty</c>/<c>size</c>/<c>amount</c>, or <c>notional</c> / entry price.
/// </summary>
public static class QuickTradeImport
{
    public const string Key = "stockclaw_quicktrades";
    public const int MaxItems = 2_000;

    /// <summary>The readable trades and, for each unreadable item, why; null items and a reason when the value is not a list at all.</summary>
    public static (IReadOnlyList<LegacyQuickTrade>? Items, IReadOnlyList<string> Skipped) Read(string value, DateTimeOffset now)
    {
        var items = Items(JsonNode.Parse(value), "items", "trades");
        if (items is null) return (null, ["Expected an array of quick trades."]);
        var read = new List<LegacyQuickTrade>();
        var skipped = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (i >= MaxItems)
            {
                skipped.Add($"items from {MaxItems} on: at most {MaxItems} trades are imported.");
                break;
            }
            var (trade, why) = Item(items[i] as JsonObject, now);
            if (trade is not null) read.Add(trade);
            else skipped.Add($"item {i}: {why}");
        }
        return (read, skipped);
    }

    private static (LegacyQuickTrade? Trade, string? Why) Item(JsonObject? o, DateTimeOffset now)
    {
        if (o is null) return (null, "not an object.");
        if (Symbol(o) is not { } symbol) return (null, "no readable symbol.");
        if (IsLong(o) is not { } isLong) return (null, "the side is not long or short.");
        var entry = Number(Field(o, "entry") ?? Field(o, "entryprice") ?? Field(o, "price") ?? Field(o, "openprice"));
        if (entry is not > 0) return (null, "no positive entry price.");
        var quantity = Number(Field(o, "quantity") ?? Field(o, "qty") ?? Field(o, "size") ?? Field(o, "amount"))
                       ?? Number(Field(o, "notional")) / entry;
        if (quantity is not > 0) return (null, "no positive quantity (or notional).");
        var leverage = Number(Field(o, "leverage") ?? Field(o, "lev")) ?? 1m;
        if (leverage != decimal.Truncate(leverage) || leverage is < 1 or > LeveragePolicyStore.MaxLeverage)
            return (null, $"the leverage is not a whole number from 1 to {LeveragePolicyStore.MaxLeverage}.");
        var external = ExternalId(o);
        if (external.Length > 128) return (null, "the id is longer than 128 characters.");
        var stop = Number(Field(o, "sl") ?? Field(o, "stoploss"));
        var target = Number(Field(o, "tp") ?? Field(o, "takeprofit"));
        var exit = Number(Field(o, "exit") ?? Field(o, "exitprice") ?? Field(o, "closeprice"));
        var pnl = Number(Field(o, "pnl") ?? Field(o, "realizedpnl"));
        var opened = Time(Field(o, "openedat") ?? Field(o, "createdat") ?? Field(o, "timestamp") ?? Field(o, "time")) ?? now;
        var closed = Time(Field(o, "closedat") ?? Field(o, "exittime"));
        return (new LegacyQuickTrade(external, symbol, isLong ? PositionSide.Long : PositionSide.Short, quantity.Value, entry.Value, (int)leverage,
            stop is > 0 ? stop : null, target is > 0 ? target : null, opened, exit is > 0 ? exit : null, pnl, closed), null);
    }

    /// <summary>
    /// Adds the trades whose client ids the desk does not hold yet (<paramref name="known"/>), as closed history rows. The
    /// liquidation price is the one the desk would have computed (the symbol's tick when it is listed).
    /// </summary>
    public static DeskDecision<QuickTradeTakeover> Decide(DeskState s, IReadOnlyList<LegacyQuickTrade> items, IReadOnlySet<string> known, DeskMarket market, DateTimeOffset now)
    {
        var seen = new HashSet<string>(known, StringComparer.Ordinal);
        var added = new List<QuickTrade>();
        foreach (var item in items)
        {
            if (!seen.Add(item.ExternalId)) continue;
            var tick = market.Symbols.TryGetValue(item.Symbol, out var info) ? info.TickSize : 0m;
            var notional = Money.Round(item.Quantity * item.EntryPrice);
            var exitPrice = item.ExitPrice ?? item.EntryPrice;
            var pnl = item.RealizedPnl ?? IsolatedMargin.GrossPnl(item.Side, item.EntryPrice, exitPrice, item.Quantity);
            added.Add(new QuickTrade(Guid.CreateVersion7(item.OpenedAt), item.Symbol, item.Side, item.Quantity, item.EntryPrice, item.Leverage,
                IsolatedMargin.Margin(notional, item.Leverage), 0m, item.StopLoss, item.TakeProfit,
                IsolatedMargin.LiquidationPrice(item.Side, item.EntryPrice, item.Leverage, market.Rules.MaintenanceMarginRate, tick), item.OpenedAt,
                new TradeOrigin(ExternalId: item.ExternalId),
                new QuickTradeExit(item.ClosedAt is { } at && at >= item.OpenedAt ? at : now, exitPrice, 0m, pnl, QuickTradeCloseReason.Import)));
        }
        var reply = new QuickTradeTakeover(added.Select(t => t.Origin.ExternalId!).ToArray());
        if (added.Count == 0) return DeskDecision.Reply(reply);
        var userId = s.UserId;
        return DeskDecision.Write(reply, s, async tx =>
        {
            foreach (var trade in added) await DeskRows.InsertTradeAsync(tx, userId, trade);
        });
    }
}
