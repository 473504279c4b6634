namespace Arena.Grains.Metrics;

/// <summary>A bot's equity (balance + unrealized PnL) observed at one instant.</summary>
public sealed record EquityPoint(DateTimeOffset At, decimal Equity);

/// <summary>A market price observed at one instant (a row of <c>market_price_history</c>).</summary>
public sealed record PricePoint(DateTimeOffset At, decimal Price);

/// <summary>The fee of one fill (a row of <c>trades</c>): entry and exit fills both pay one.</summary>
public sealed record FillFee(DateTimeOffset At, decimal Fee);

/// <summary>
/// A closed position reduced to what the trade statistics need. <paramref name="NetPnl"/> is
/// <c>positions.realized_pnl</c>: already net of the entry and the exit fee.
/// </summary>
public sealed record PositionOutcome(
    long Id,
    int? PromptVersion,
    DateTimeOffset ClosedAt,
    decimal NetPnl);

/// <summary>A prompt version and the instant it was created (it is active until the next one is created).</summary>
public sealed record PromptVersionStart(int Version, DateTimeOffset CreatedAt);

/// <summary>A closed interval of time, [From, To].</summary>
public readonly record struct TimeWindow(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset at) => From <= at && at <= To;
}

/// <summary>
/// Everything the metrics need about one bot. The bot's start (<see cref="StartedAt"/>,
/// <see cref="InitialBalance"/>) counts as its first equity observation and <see cref="Live"/> as its last;
/// snapshots before the start (history before a reset) are ignored. Lists may come in any order.
/// </summary>
public sealed record BotHistory(
    string BotId,
    DateTimeOffset StartedAt,
    decimal InitialBalance,
    IReadOnlyList<EquityPoint> Snapshots,
    EquityPoint Live,
    IReadOnlyList<PositionOutcome> Positions,
    IReadOnlyList<FillFee> Fills)
{
    /// <summary>Start, snapshots and live point in time order; on equal instants the later source wins.</summary>
    public IReadOnlyList<EquityPoint> Observations() =>
        Snapshots
            .Prepend(new EquityPoint(StartedAt, InitialBalance))
            .Append(Live)
            .Where(p => p.At >= StartedAt)
            .OrderBy(p => p.At) // stable: start, then snapshots, then the live point at one instant
            .ToList();
}
