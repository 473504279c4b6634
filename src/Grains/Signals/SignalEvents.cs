using Arena.Grains.Events;

namespace Arena.Grains.Signals;

/// <summary>
/// Event types of signals and tracking. <c>signal.*</c> are public: a signal is the bot's public decision, so its payload
/// is the <see cref="SignalView"/> itself (no user data). <c>tracked_signal.*</c> go to one user on <c>/ws/me</c>.
/// </summary>
public static class SignalEvents
{
    public const string Created = "signal.created";
    public const string Updated = "signal.updated";
    public const string TrackedUpdated = "tracked_signal.updated";
    public const string Tracked = "tracked_signal.added";
    public const string Untracked = "tracked_signal.removed";

    /// <summary>What a tracking user learns when a signal they track leaves <c>active</c> (the same for every tracker).</summary>
    public sealed record TrackedSignalUpdatedEvent(long SignalId, string BotId, string Symbol, SignalDirection Direction, SignalStatus Status,
        decimal? StatusPrice, DateTimeOffset? StatusAt);

    /// <summary>A track or untrack confirmation: the user's tracked row and the signal it follows.</summary>
    public sealed record TrackingChangedEvent(Guid TrackedId, long? SignalId, string Symbol, string Direction);

    public static EventDraft ForCreated(SignalView signal) => EventDraft.Public(Created, signal, signal.BotId);

    public static EventDraft ForUpdated(SignalView signal) => EventDraft.Public(Updated, signal, signal.BotId);

    public static TrackedSignalUpdatedEvent ForTrackers(SignalView s) => new(s.Id, s.BotId, s.Symbol, s.Direction, s.Status, s.StatusPrice, s.StatusAt);
}
