namespace Arena.Api.Features.Streams;

/// <summary>Configuration section <c>Arena:Stream</c>: the WebSocket streams <c>/ws/arena</c> and <c>/ws/me</c> (docs/stream-protocol.md).</summary>
public sealed class StreamOptions
{
    public const string Section = "Arena:Stream";

    /// <summary>Open streams one silo accepts; more get 503 before the upgrade.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Messages that may wait for one client's socket. Live events that find it full close the client with 4008
    /// (it resumes with <c>since</c>); ticks that find it full are dropped. The queued messages are shared bytes,
    /// so a full queue costs references, not copies.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 1024;

    /// <summary>One message that cannot be written to the socket within this time aborts the connection.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the server sends a WebSocket Ping frame.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A client that has not answered a Ping with a Pong within this time is disconnected.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On <c>/ws/me</c> without a cookie or Authorization header: how long the server waits for the <c>auth</c> message.</summary>
    public TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often <c>/ws/me</c> checks that its session is still valid (a signed-out or revoked session closes the stream with 4001).</summary>
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Recent events (N) carried by a <c>snapshot</c>.</summary>
    public int SnapshotEvents { get; set; } = 50;

    /// <summary>A resume that would replay more events than this gets a fresh snapshot (<c>resync: true</c>) instead.</summary>
    public int MaxReplayEvents { get; set; } = 10_000;

    /// <summary>Price updates per symbol per second on <c>/ws/arena</c> (the latest price within each window wins); 0 turns ticks off.</summary>
    public int MaxTicksPerSecond { get; set; } = 2;

    /// <summary>The largest message a client may send (the <c>auth</c> message); larger ones close the stream with 1009.</summary>
    public int MaxIncomingMessageBytes { get; set; } = 4096;

    public bool IsValid =>
        MaxConnections > 0 && SendQueueCapacity > 0 && SendTimeout > TimeSpan.Zero && PingInterval > TimeSpan.Zero && PingTimeout > TimeSpan.Zero
        && AuthTimeout > TimeSpan.Zero && SessionCheckInterval > TimeSpan.Zero && SnapshotEvents >= 0 && MaxReplayEvents >= 0
        && MaxTicksPerSecond >= 0 && MaxIncomingMessageBytes >= 256;
}
