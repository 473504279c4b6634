using System.Text.Json.Serialization;
using Arena.Grains.Trading;

namespace Arena.Grains.Signals;

/// <summary>Which way a signal points: a bot opened a long or a short, or closed a position by decision.</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<SignalDirection>))]
public enum SignalDirection
{
    [JsonStringEnumMemberName("long")] Long,
    [JsonStringEnumMemberName("short")] Short,
    [JsonStringEnumMemberName("close")] Close,
}

/// <summary>A signal's lifecycle: <see cref="Active"/>, then exactly once one of the others (docs/trading-desk.md, "Signals").</summary>
[GenerateSerializer]
[JsonConverter(typeof(JsonStringEnumConverter<SignalStatus>))]
public enum SignalStatus
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("hit_tp")] HitTakeProfit,
    [JsonStringEnumMemberName("hit_sl")] HitStopLoss,
    [JsonStringEnumMemberName("closed")] Closed,
    [JsonStringEnumMemberName("expired")] Expired,
}

/// <summary>
/// One public signal as every reader sees it (the API, the events, the desk's convert). <c>EntryPrice</c> is the fill price
/// of the decision that made it (the exit fill for a close signal); <c>StatusPrice</c>/<c>StatusAt</c> say at which market
/// price and when the status left <c>active</c> (null while active). <c>OpensSignalId</c> links a close signal to the open
/// signal of the same position. <c>Horizon</c> is the text the bot gave (normalized, such as <c>4h</c>), <c>ExpiresAt</c>
/// what it means.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SignalView(
    [Id(0)] long Id,
    [Id(1)] string BotId,
    [Id(2)] string Symbol,
    [Id(3)] SignalDirection Direction,
    [Id(4)] decimal? Confidence,
    [Id(5)] decimal EntryPrice,
    [Id(6)] decimal? StopLoss,
    [Id(7)] decimal? TakeProfit,
    [Id(8)] int? Leverage,
    [Id(9)] string? Horizon,
    [Id(10)] DateTimeOffset? ExpiresAt,
    [Id(11)] string? Reasoning,
    [Id(12)] SignalStatus Status,
    [Id(13)] decimal? StatusPrice,
    [Id(14)] DateTimeOffset? StatusAt,
    [Id(15)] long? OpensSignalId,
    [Id(16)] long? PositionId,
    [Id(17)] long? DecisionId,
    [Id(18)] DateTimeOffset CreatedAt)
{
    public bool IsActive => Status == SignalStatus.Active;
}

/// <summary>
/// What a decision adds to the signal its fill publishes, beyond the fill itself: the provider's optional confidence and
/// horizon (already checked: out-of-range values are null) and its public reasoning. <c>Order</c> is the very order the
/// decision planned (matched by reference).
/// </summary>
public sealed record SignalIntent(PlannedOrder Order, decimal? Confidence, string? Horizon, TimeSpan? Lifetime, string? Reasoning);
