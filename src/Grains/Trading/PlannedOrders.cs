using System.Text.Json.Serialization;

namespace Arena.Grains.Trading;

/// <summary>One fill: price (on the tick), quantity (on the step), notional = quantity × price, taker fee.</summary>
public sealed record Fill(decimal Price, decimal Quantity, decimal Notional, decimal Fee);

/// <summary>An order the validator (or a risk trigger) accepted, with its fill already computed.</summary>
public abstract record PlannedOrder(string Symbol)
{
    /// <summary>What executing the order does to the bot's free balance.</summary>
    public abstract decimal BalanceChange { get; }
}

/// <summary>Open an isolated position: the balance pays margin + entry fee.</summary>
public sealed record PlannedOpen(
    string Symbol,
    PositionSide Side,
    int Leverage,
    Fill Entry,
    decimal Margin,
    decimal LiquidationPrice,
    decimal? StopLoss,
    decimal? TakeProfit) : PlannedOrder(Symbol)
{
    public override decimal BalanceChange => -(Margin + Entry.Fee);

    /// <summary>The position as the engine holds it once the <c>positions</c> row exists (its id is the row's).</summary>
    public OpenPosition ToPosition(long id, DateTimeOffset openedAt, int? promptVersion) =>
        new(id, Symbol, Side, Entry.Quantity, Entry.Price, Leverage, Margin, Entry.Fee, StopLoss, TakeProfit,
            LiquidationPrice, openedAt, promptVersion);
}

/// <summary>
/// Close a whole position: the balance gets margin + gross PnL − exit fee back. For a liquidation the
/// gross PnL is −margin and there is no exit fee, so nothing comes back.
/// </summary>
public sealed record PlannedClose(OpenPosition Position, CloseReason Reason, Fill Exit, decimal GrossPnl) : PlannedOrder(Position.Symbol)
{
    /// <summary>Net PnL of the whole round trip: gross − entry fee − exit fee.</summary>
    public decimal RealizedPnl => GrossPnl - Position.EntryFee - Exit.Fee;

    public bool IsWin => RealizedPnl > 0;

    public override decimal BalanceChange => Position.Margin + GrossPnl - Exit.Fee;
}

[JsonConverter(typeof(JsonStringEnumConverter<FillKind>))]
public enum FillKind
{
    [JsonStringEnumMemberName("entry")] Entry,
    [JsonStringEnumMemberName("exit")] Exit,
}

/// <summary>
/// A <c>trades</c> row. <see cref="PositionId"/> is null for an entry: the engine inserts the position
/// first and sets it. <see cref="Reason"/> is set for exits only.
/// </summary>
public sealed record TradeRecord(
    string Symbol,
    DecisionAction Action,
    FillKind Fill,
    decimal Price,
    decimal Quantity,
    decimal Notional,
    int Leverage,
    decimal Fee,
    decimal? RealizedPnl,
    CloseReason? Reason,
    long? PositionId,
    DateTimeOffset ExecutedAt);

/// <summary>
/// What a set of orders adds to a <c>bot_accounts</c> row. <see cref="FeesPaid"/> counts every fee when
/// it is paid (entry fees of still-open positions too); <see cref="RealizedPnl"/>, <see cref="ClosedTrades"/>,
/// <see cref="Wins"/> and <see cref="Losses"/> count closed positions (round trips) only, so
/// win rate = wins / closed trades.
/// </summary>
public sealed record AccountDelta(decimal Balance, decimal FeesPaid, decimal RealizedPnl, int ClosedTrades, int Wins, int Losses)
{
    public static AccountDelta None { get; } = new(0m, 0m, 0m, 0, 0, 0);

    public AccountDelta Add(PlannedOrder order) => order switch
    {
        PlannedOpen open => this with { Balance = Balance + open.BalanceChange, FeesPaid = FeesPaid + open.Entry.Fee },
        PlannedClose close => this with
        {
            Balance = Balance + close.BalanceChange,
            FeesPaid = FeesPaid + close.Exit.Fee,
            RealizedPnl = RealizedPnl + close.RealizedPnl,
            ClosedTrades = ClosedTrades + 1,
            Wins = Wins + (close.IsWin ? 1 : 0),
            Losses = Losses + (close.IsWin ? 0 : 1),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(order), order, "Unknown order kind."),
    };
}

public sealed record ExecutedOrder(PlannedOrder Order, TradeRecord Trade);

/// <summary>The outcome of executing planned orders in order: records to persist and the account change.</summary>
public sealed record Execution(decimal BalanceBefore, decimal BalanceAfter, AccountDelta Delta, IReadOnlyList<ExecutedOrder> Orders);
