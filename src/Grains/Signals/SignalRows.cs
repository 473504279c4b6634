using Arena.Grains.Events;
using Arena.Grains.Trading;

namespace Arena.Grains.Signals;

/// <summary>A <c>signals</c> row as Dapper reads it (snake_case columns map to these names).</summary>
internal sealed class SignalRow
{
    public long Id { get; set; }
    public string BotId { get; set; } = "";
    public long? DecisionId { get; set; }
    public long? PositionId { get; set; }
    public long? OpensSignalId { get; set; }
    public string Symbol { get; set; } = "";
    public string Direction { get; set; } = "long";
    public decimal? Confidence { get; set; }
    public decimal EntryPrice { get; set; }
    public decimal? StopLoss { get; set; }
    public decimal? TakeProfit { get; set; }
    public int? Leverage { get; set; }
    public string? Horizon { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Reasoning { get; set; }
    public string Status { get; set; } = "active";
    public decimal? StatusPrice { get; set; }
    public DateTimeOffset? StatusAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public const string Columns = """
        id, bot_id, decision_id, position_id, opens_signal_id, symbol, direction, confidence, entry_price, stop_loss, take_profit, leverage,
        horizon, expires_at, reasoning, status, status_price, status_at, created_at
        """;

    public SignalView ToView() => new(Id, BotId, Symbol, WireEnum<SignalDirection>.ParseOrNull(Direction) ?? SignalDirection.Long, Confidence, EntryPrice,
        StopLoss, TakeProfit, Leverage, Horizon, ExpiresAt, Reasoning, WireEnum<SignalStatus>.ParseOrNull(Status) ?? SignalStatus.Active, StatusPrice,
        StatusAt, OpensSignalId, PositionId, DecisionId, CreatedAt);
}

/// <summary>One executed order of a bot commit and the position row it opened or closed.</summary>
public sealed record SignalFill(ExecutedOrder Executed, long PositionId);

/// <summary>
/// The one writer of <c>signals</c> (0010 note 1). Every statement runs in the caller's transaction: a bot's turn publishes
/// its signals in the turn's own commit, and a status moves once, by a conditional UPDATE whose events are appended only
/// when the row changed, so two silos seeing the same price cannot both move it or both announce it.
/// </summary>
public static class SignalRows
{
    /// <summary>
    /// The signals of a bot commit's fills, after their trade events: each close first moves the open signal of its
    /// position (<c>closed</c> by decision, else by <see cref="SignalRules.StatusOfClose"/>), and a close by decision
    /// publishes a close signal linked to it; each open by decision publishes an active signal. Fills without an intent
    /// (risk closes, resets) publish nothing.
    /// </summary>
    public static async Task RecordFillsAsync(Tx tx, string botId, long? decisionId, IReadOnlyList<SignalFill> fills, IReadOnlyList<SignalIntent> intents,
        DateTimeOffset at)
    {
        SignalIntent? IntentOf(PlannedOrder order) => intents.FirstOrDefault(i => ReferenceEquals(i.Order, order));
        var created = new List<EventDraft>();
        foreach (var (executed, positionId) in fills)
        {
            var intent = IntentOf(executed.Order);
            var price = executed.Trade.Price;
            if (executed.Order is PlannedClose close)
            {
                var opened = await tx.ExecuteScalarAsync<long?>(
                    "SELECT id FROM signals WHERE position_id = @positionId AND direction <> 'close' ORDER BY id LIMIT 1", new { positionId });
                if (opened is { } openId)
                    await MoveAsync(tx, openId, intent is null ? SignalRules.StatusOfClose(close.Reason) : SignalStatus.Closed, price, at);
                if (intent is null) continue;
                // A close signal says what the bot did; it is never active (nothing is left to follow).
                created.Add(SignalEvents.ForCreated(await InsertAsync(tx, new SignalView(0, botId, close.Symbol, SignalDirection.Close, intent.Confidence,
                    price, null, null, close.Position.Leverage, null, null, intent.Reasoning, SignalStatus.Closed, price, at, opened, positionId, decisionId, at))));
            }
            else if (executed.Order is PlannedOpen open && intent is not null)
            {
                var direction = open.Side == PositionSide.Long ? SignalDirection.Long : SignalDirection.Short;
                created.Add(SignalEvents.ForCreated(await InsertAsync(tx, new SignalView(0, botId, open.Symbol, direction, intent.Confidence, price,
                    open.StopLoss, open.TakeProfit, open.Leverage, intent.Horizon, at + intent.Lifetime, intent.Reasoning, SignalStatus.Active, null, null,
                    null, positionId, decisionId, at))));
            }
        }
        await EventOutbox.AppendAsync(tx, created, at);
    }

    /// <summary>Inserts <paramref name="signal"/> (its id is ignored) and returns it as stored.</summary>
    public static async Task<SignalView> InsertAsync(Tx tx, SignalView signal) =>
        (await tx.QuerySingleAsync<SignalRow>($"""
            INSERT INTO signals (bot_id, decision_id, position_id, opens_signal_id, symbol, direction, confidence, entry_price, stop_loss, take_profit,
                leverage, horizon, expires_at, reasoning, status, status_price, status_at, created_at)
            VALUES (@BotId, @DecisionId, @PositionId, @OpensSignalId, @Symbol, @direction, @Confidence, @EntryPrice, @StopLoss, @TakeProfit,
                @Leverage, @Horizon, @ExpiresAt, @Reasoning, @status, @StatusPrice, @StatusAt, @CreatedAt)
            RETURNING {SignalRow.Columns}
            """, new
        {
            signal.BotId, signal.DecisionId, signal.PositionId, signal.OpensSignalId, signal.Symbol, direction = WireEnum<SignalDirection>.Name(signal.Direction),
            signal.Confidence, signal.EntryPrice, signal.StopLoss, signal.TakeProfit, signal.Leverage, signal.Horizon, signal.ExpiresAt, signal.Reasoning,
            status = WireEnum<SignalStatus>.Name(signal.Status), signal.StatusPrice, signal.StatusAt, signal.CreatedAt,
        })).ToView();

    /// <summary>
    /// Moves an active signal to <paramref name="status"/> (at <paramref name="price"/>), exactly once: the UPDATE only matches
    /// while the row is still active. Only when it changed the row does it append the public <c>signal.updated</c> and one
    /// <c>tracked_signal.updated</c> per tracking user (one INSERT ... SELECT, whatever their number). Null when the signal
    /// had already left <c>active</c> (another silo, or the bot, moved it first).
    /// </summary>
    public static async Task<SignalView?> MoveAsync(Tx tx, long id, SignalStatus status, decimal? price, DateTimeOffset at)
    {
        var moved = (await tx.QuerySingleOrDefaultAsync<SignalRow>($"""
            UPDATE signals SET status = @status, status_price = @price, status_at = @at
            WHERE id = @id AND status = 'active'
            RETURNING {SignalRow.Columns}
            """, new { id, status = WireEnum<SignalStatus>.Name(status), price, at }))?.ToView();
        if (moved is null) return null;
        await EventOutbox.AppendAsync(tx, [SignalEvents.ForUpdated(moved)], at);
        await EventOutbox.AppendForUsersAsync(tx, SignalEvents.TrackedUpdated, SignalEvents.ForTrackers(moved),
            "SELECT user_id FROM tracked_signals WHERE signal_id = @signalId", new { signalId = id }, at);
        return moved;
    }
}
