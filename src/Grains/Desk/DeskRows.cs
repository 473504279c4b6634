using Arena.Grains.Trading;

namespace Arena.Grains.Desk;

/// <summary>
/// SQL of the desk's rows (<c>quick_trades</c>, <c>pnl_entries</c>), always scoped by <c>user_id</c>. Writes run inside
/// <see cref="DeskStore.CommitAsync"/>'s version-checked transaction.
/// </summary>
public static class DeskRows
{
    public const string TradeColumns = """
        id, user_id, symbol, side, status, quantity, entry_price, leverage, margin, entry_fee, stop_loss, take_profit, liquidation_price,
        opened_at, closed_at, exit_price, exit_fee, realized_pnl, close_reason, signal_id, copy_run_id, source_position_id, external_id
        """;

    public static Task InsertTradeAsync(Tx tx, Guid userId, QuickTrade t) =>
        tx.ExecuteAsync($"""
            INSERT INTO quick_trades ({TradeColumns})
            VALUES (@Id, @userId, @Symbol, @side, @status, @Quantity, @EntryPrice, @Leverage, @Margin, @EntryFee, @StopLoss, @TakeProfit, @LiquidationPrice,
                    @OpenedAt, @closedAt, @exitPrice, @exitFee, @realizedPnl, @closeReason, @signalId, @copyRunId, @sourcePositionId, @externalId)
            """, new
        {
            t.Id, userId, t.Symbol, side = QuickTradeView.SideName(t.Side), status = t.IsOpen ? "open" : "closed", t.Quantity, t.EntryPrice, t.Leverage, t.Margin,
            t.EntryFee, t.StopLoss, t.TakeProfit, t.LiquidationPrice, t.OpenedAt,
            closedAt = t.Exit?.ClosedAt, exitPrice = t.Exit?.ExitPrice, exitFee = t.Exit?.ExitFee, realizedPnl = t.Exit?.RealizedPnl,
            closeReason = t.Exit is { } exit ? WireEnum<QuickTradeCloseReason>.Name(exit.Reason) : null,
            signalId = t.Origin.SignalId, copyRunId = t.Origin.CopyRunId, sourcePositionId = t.Origin.SourcePositionId, externalId = t.Origin.ExternalId,
        });

    /// <summary>Closes an open trade; the desk's version check guarantees it is open, and the status guard keeps it so.</summary>
    public static async Task CloseTradeAsync(Tx tx, Guid userId, QuickTrade t)
    {
        var exit = t.Exit!;
        var rows = await tx.ExecuteAsync("""
            UPDATE quick_trades SET status = 'closed', closed_at = @ClosedAt, exit_price = @ExitPrice, exit_fee = @ExitFee, realized_pnl = @RealizedPnl, close_reason = @reason
            WHERE id = @id AND user_id = @userId AND status = 'open'
            """, new { exit.ClosedAt, exit.ExitPrice, exit.ExitFee, exit.RealizedPnl, reason = WireEnum<QuickTradeCloseReason>.Name(exit.Reason), id = t.Id, userId });
        if (rows != 1) throw new InvalidOperationException($"Quick trade {t.Id} was not open in the database although the desk's version matched.");
    }

    /// <summary>The realized (net) PnL of a closed trade, and the fees of its round trip.</summary>
    public static Task InsertPnlAsync(Tx tx, Guid userId, QuickTrade t, DateTimeOffset at) =>
        tx.ExecuteAsync("""
            INSERT INTO pnl_entries (user_id, quick_trade_id, copy_run_id, symbol, realized_pnl, fees, created_at)
            VALUES (@userId, @Id, @copyRunId, @Symbol, @pnl, @fees, @at)
            """, new { userId, t.Id, copyRunId = t.Origin.CopyRunId, t.Symbol, pnl = t.Exit!.RealizedPnl, fees = t.EntryFee + t.Exit.ExitFee, at });

    /// <summary>A <c>quick_trades</c> row as read (Dapper maps snake_case columns to these properties).</summary>
    public class TradeRow
    {
        public Guid Id { get; init; }
        public Guid UserId { get; init; }
        public string Symbol { get; init; } = "";
        public string Side { get; init; } = "";
        public string Status { get; init; } = "";
        public decimal Quantity { get; init; }
        public decimal EntryPrice { get; init; }
        public int Leverage { get; init; }
        public decimal Margin { get; init; }
        public decimal EntryFee { get; init; }
        public decimal? StopLoss { get; init; }
        public decimal? TakeProfit { get; init; }
        public decimal LiquidationPrice { get; init; }
        public DateTimeOffset OpenedAt { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public decimal? ExitPrice { get; init; }
        public decimal? ExitFee { get; init; }
        public decimal? RealizedPnl { get; init; }
        public string? CloseReason { get; init; }
        public long? SignalId { get; init; }
        public Guid? CopyRunId { get; init; }
        public long? SourcePositionId { get; init; }
        public string? ExternalId { get; init; }

        public QuickTrade ToTrade() => new(Id, Symbol, Side == "long" ? PositionSide.Long : PositionSide.Short, Quantity, EntryPrice, Leverage, Margin, EntryFee,
            StopLoss, TakeProfit, LiquidationPrice, OpenedAt, new TradeOrigin(SignalId, CopyRunId, SourcePositionId, ExternalId),
            Status == "open" ? null : new QuickTradeExit(ClosedAt ?? OpenedAt, ExitPrice ?? EntryPrice, ExitFee ?? 0m, RealizedPnl ?? 0m,
                WireEnum<QuickTradeCloseReason>.TryParseExact(CloseReason, out var reason) ? reason : QuickTradeCloseReason.Manual));
    }
}
