using Arena.Grains.Events;

namespace Arena.Grains.Desk;

/// <summary>
/// The desk's events: only ever to their user on <c>/ws/me</c> (<see cref="EventDraft.ForUser"/>), never public: a
/// user's trades and wallet are private.
/// </summary>
public static class DeskEvents
{
    public const string TradeOpenedType = "desk.trade_opened";
    public const string TradeClosedType = "desk.trade_closed";
    public const string WalletResetType = "desk.wallet_reset";

    public static EventDraft TradeOpened(Guid userId, QuickTradeView trade) => EventDraft.ForUser(userId, TradeOpenedType, new { trade });

    public static EventDraft TradeClosed(Guid userId, QuickTradeView trade) =>
        EventDraft.ForUser(userId, TradeClosedType, new { reason = trade.CloseReason, trade });

    public static EventDraft WalletWasReset(Guid userId, WalletReset reset) =>
        EventDraft.ForUser(userId, WalletResetType, new { wallet = reset.Wallet, closedTrades = reset.ClosedTrades.Select(t => t.Id).ToArray() });

    public static Task AppendAsync(Tx tx, EventDraft draft, DateTimeOffset at) => EventOutbox.AppendAsync(tx, [draft], at);
}
