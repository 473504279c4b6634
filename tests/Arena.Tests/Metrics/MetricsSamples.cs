using Arena.Grains.Metrics;

namespace Arena.Tests.Metrics;

/// <summary>Terse builders for hand-written equity paths; every instant is UTC.</summary>
internal static class MetricsSamples
{
    public static DateTimeOffset At(string utc) =>
        DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    public static EquityPoint P(string utc, decimal equity) => new(At(utc), equity);

    public static IReadOnlyList<EquityPoint> Curve(params (string At, decimal Equity)[] points) =>
        points.Select(p => P(p.At, p.Equity)).ToList();

    public static PositionOutcome Closed(decimal netPnl, string closedAt = "2025-01-02T00:00:00", int? version = null, long id = 0) =>
        new(id, version, At(closedAt), netPnl);

    public static FillFee Fee(string utc, decimal fee) => new(At(utc), fee);

    public static BotHistory Bot(
        string startedAt,
        decimal initialBalance,
        IReadOnlyList<EquityPoint> snapshots,
        EquityPoint live,
        IReadOnlyList<PositionOutcome>? positions = null,
        IReadOnlyList<FillFee>? fills = null,
        string id = "bot") =>
        new(id, At(startedAt), initialBalance, snapshots, live, positions ?? [], fills ?? []);
}
