using Arena.Grains.Events;
using Arena.Grains.Signals;

namespace Arena.Grains.Users;

/// <summary>
/// A signal a user follows (seed 000 <c>tracked_signals</c>): a server signal (<see cref="SignalId"/>, with the signal's
/// side and levels copied at tracking time) or one imported from the old app's browser store (no signal id, its own
/// levels, <see cref="ExternalId"/> naming the client's item).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrackedSignal([Id(0)] Guid Id, [Id(1)] long? SignalId, [Id(2)] string Symbol, [Id(3)] SignalDirection Direction,
    [Id(4)] decimal EntryPrice, [Id(5)] decimal? StopLoss, [Id(6)] decimal? TakeProfit, [Id(7)] string? Note, [Id(8)] string? ExternalId,
    [Id(9)] DateTimeOffset TrackedAt);

/// <summary>What tracking answered: the tracked row, and whether this call created it (false: it was already tracked).</summary>
[GenerateSerializer, Immutable]
public sealed record TrackReply([Id(0)] TrackedSignal Tracked, [Id(1)] bool Created);

/// <summary>
/// Tracking commands of the user aggregate. Pure: each decides the rows (the tracked row, its <c>signal_actions</c> audit
/// row and the user's own confirmation event) that the grain commits in one version-checked transaction.
/// </summary>
public static class TrackingChanges
{
    /// <summary>How many signals one user may track (imports included).</summary>
    public const int MaxTracked = 500;

    private static readonly Rejection UnknownSignal = Rejection.NotFound("No signal has this id.");

    /// <summary>Tracks <paramref name="signal"/> (null: no such signal). Tracking it again answers the existing row and writes nothing.</summary>
    public static Result<UserDecision<TrackReply>> Track(UserState s, long signalId, SignalView? signal, DateTimeOffset now)
    {
        if (signal is null) return UnknownSignal;
        if (s.Tracked.Find(t => t.SignalId == signalId) is { } existing) return UserDecision.Reply(new TrackReply(existing, false));
        if (signal.Direction == SignalDirection.Close)
            return Rejection.Conflict("A close signal says a bot left a position; there is nothing to follow. Track the signal it closes instead.", "id");
        if (s.Tracked.Count >= MaxTracked) return Rejection.Conflict($"You track {MaxTracked} signals, the most allowed; untrack one first.", "id");
        var tracked = new TrackedSignal(Guid.CreateVersion7(now), signal.Id, signal.Symbol, signal.Direction, signal.EntryPrice, signal.StopLoss,
            signal.TakeProfit, null, null, now);
        var userId = s.Account.Id;
        return UserDecision.Write(new TrackReply(tracked, true), s with { Tracked = s.Tracked.Add(tracked) }, async tx =>
        {
            await TrackingRows.InsertAsync(tx, userId, [tracked]);
            await SignalActionRows.AppendAsync(tx, new SignalActionDraft(userId, signalId, SignalActionKind.Track), now);
            await EventOutbox.AppendAsync(tx, Confirmation(userId, SignalEvents.Tracked, tracked), now);
        });
    }

    /// <summary>Stops tracking the signal; not found when the user does not track it.</summary>
    public static Result<UserDecision<TrackedSignal>> Untrack(UserState s, long signalId, DateTimeOffset now)
    {
        if (s.Tracked.Find(t => t.SignalId == signalId) is not { } tracked) return Rejection.NotFound("You do not track this signal.");
        var userId = s.Account.Id;
        return UserDecision.Write(tracked, s with { Tracked = s.Tracked.Remove(tracked) }, async tx =>
        {
            await TrackingRows.DeleteAsync(tx, userId, tracked.Id);
            await SignalActionRows.AppendAsync(tx, new SignalActionDraft(userId, signalId, SignalActionKind.Untrack), now);
            await EventOutbox.AppendAsync(tx, Confirmation(userId, SignalEvents.Untracked, tracked), now);
        });
    }

    /// <summary>Records that the user dismissed the signal (an audit row each time: dismissing is an intent, not a state).</summary>
    public static Result<UserDecision<DateTimeOffset>> Dismiss(UserState s, long signalId, SignalView? signal, DateTimeOffset now)
    {
        if (signal is null) return UnknownSignal;
        var userId = s.Account.Id;
        return UserDecision.Write(now, s, tx => SignalActionRows.AppendAsync(tx, new SignalActionDraft(userId, signalId, SignalActionKind.Dismiss), now));
    }

    private static EventDraft Confirmation(Guid userId, string type, TrackedSignal t) =>
        EventDraft.ForUser(userId, type, new SignalEvents.TrackingChangedEvent(t.Id, t.SignalId, t.Symbol, WireEnum<SignalDirection>.Name(t.Direction)));
}

/// <summary>SQL of <c>tracked_signals</c>, run in the user's version-checked transaction.</summary>
internal static class TrackingRows
{
    public const string LoadSql = """
        SELECT id, signal_id, symbol, direction, entry_price, stop_loss, take_profit, note, external_id, tracked_at
        FROM tracked_signals WHERE user_id = @id ORDER BY tracked_at, id;
        """;

    public static Task InsertAsync(Tx tx, Guid userId, IReadOnlyCollection<TrackedSignal> entries) =>
        entries.Count == 0 ? Task.CompletedTask : tx.ExecuteAsync("""
            INSERT INTO tracked_signals (id, user_id, signal_id, symbol, direction, entry_price, stop_loss, take_profit, note, external_id, tracked_at)
            VALUES (@Id, @userId, @SignalId, @Symbol, @direction, @EntryPrice, @StopLoss, @TakeProfit, @Note, @ExternalId, @TrackedAt)
            """, entries.Select(e => new
        {
            e.Id, userId, e.SignalId, e.Symbol, direction = WireEnum<SignalDirection>.Name(e.Direction), e.EntryPrice, e.StopLoss, e.TakeProfit, e.Note,
            e.ExternalId, e.TrackedAt,
        }));

    public static Task DeleteAsync(Tx tx, Guid userId, Guid id) =>
        tx.ExecuteAsync("DELETE FROM tracked_signals WHERE user_id = @userId AND id = @id", new { userId, id });

    public static TrackedSignal ToTracked(this Row r) => new(r.Id, r.SignalId, r.Symbol, WireEnum<SignalDirection>.ParseOrNull(r.Direction) ?? SignalDirection.Long,
        r.EntryPrice, r.StopLoss, r.TakeProfit, r.Note, r.ExternalId, r.TrackedAt);

    public sealed class Row
    {
        public Guid Id { get; set; }
        public long? SignalId { get; set; }
        public string Symbol { get; set; } = "";
        public string Direction { get; set; } = "long";
        public decimal EntryPrice { get; set; }
        public decimal? StopLoss { get; set; }
        public decimal? TakeProfit { get; set; }
        public string? Note { get; set; }
        public string? ExternalId { get; set; }
        public DateTimeOffset TrackedAt { get; set; }
    }
}
