using System.Diagnostics.Metrics;

namespace Arena.Grains.Bots;

/// <summary>
/// The engine's instruments (meter "Arena.Engine"), for dashboards (any OpenTelemetry or dotnet-counters
/// listener) and for the benchmark. Recording is lock-free and costs nothing without a listener.
/// </summary>
public static class EngineMetrics
{
    public const string MeterName = "Arena.Engine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Turns that committed a decision row (successful or failed decision), by outcome.</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("arena.turns", description: "Turns committed, tagged outcome=ok|failed.");

    /// <summary>Prepare → provider → complete, per committed turn.</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("arena.turn.duration", unit: "ms", description: "Wall time of a committed turn.");

    /// <summary>Positions closed between turns by stop-loss, take-profit or liquidation.</summary>
    public static readonly Counter<long> RiskCloses = Meter.CreateCounter<long>("arena.risk.closes", description: "Positions closed by a risk trigger.");

    /// <summary>Entry and exit fills written.</summary>
    public static readonly Counter<long> Fills = Meter.CreateCounter<long>("arena.fills", description: "Trade rows written, tagged fill=entry|exit.");
}
