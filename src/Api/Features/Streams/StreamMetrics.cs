using System.Diagnostics.Metrics;

namespace Arena.Api.Features.Streams;

/// <summary>The WebSocket streams (meter "Arena.Streams"): open connections, closes by code, dropped frames and resyncs.</summary>
public static class StreamMetrics
{
    public const string MeterName = "Arena.Streams";

    private static readonly Meter Meter = new(MeterName);

    public static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>("arena.stream.connections",
        description: "Stream connections open now.");

    public static readonly Counter<long> Closes = Meter.CreateCounter<long>("arena.stream.closes",
        description: "Stream connections closed, tagged with the close code (4008: the client fell a full send queue behind).");

    public static readonly Counter<long> DroppedTicks = Meter.CreateCounter<long>("arena.stream.dropped_ticks",
        description: "Tick frames not queued because the client's send queue was full (ticks are not replayable).");

    public static readonly Counter<long> Resyncs = Meter.CreateCounter<long>("arena.stream.resyncs",
        description: "Snapshots sent with resync=true: a resume the event store could no longer replay.");
}
