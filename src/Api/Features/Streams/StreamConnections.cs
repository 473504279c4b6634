using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;

namespace Arena.Api.Features.Streams;

/// <summary>
/// This silo's open streams: the connection cap, the receivers of price ticks, closing everyone with 1001 when
/// the silo stops, and how many connections were closed with which code (logs and tests read the counts).
/// </summary>
public sealed partial class StreamConnections : IDisposable
{
    // Slow clients are logged once per episode: the first close, then one summary line per window at most.
    private static readonly TimeSpan SlowLogWindow = TimeSpan.FromSeconds(10);

    private readonly StreamOptions options;
    private readonly ILogger<StreamConnections> logger;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<int, long> closes = new();
    private ImmutableHashSet<StreamConnection> open = [];
    // Copy-on-write under the gate; read without it.
    private StreamConnection[] tickReceivers = [];
    private int reserved;
    private int slowSinceLogged;
    private long slowLoggedAt = long.MinValue;
    private readonly Timer watchdog;

    public StreamConnections(IOptions<StreamOptions> options, IHostApplicationLifetime lifetime, ILogger<StreamConnections> logger)
    {
        this.options = options.Value;
        this.logger = logger;
        lifetime.ApplicationStopping.Register(() => CloseAll(StreamCloseCodes.GoingAway, "the server is shutting down; reconnect with since"));
        // Send timeouts are enforced by one scan of the open connections, a few times per SendTimeout.
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, Math.Min(TimeSpan.FromSeconds(1).Ticks, this.options.SendTimeout.Ticks / 4)));
        watchdog = new Timer(_ => AbortStuckSends(), null, period, period);
    }

    public void Dispose() => watchdog.Dispose();

    private void AbortStuckSends()
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var connection in Volatile.Read(ref open)) connection.AbortIfStuck(now);
    }

    /// <summary>Streams open now.</summary>
    public int Count => Volatile.Read(ref reserved);

    /// <summary>How many connections this silo closed (or dropped) with <paramref name="status"/> since it started.</summary>
    public long ClosedWith(WebSocketCloseStatus status) => closes.GetValueOrDefault((int)status);

    /// <summary>Open connections that are closing with <paramref name="status"/> (decided, handshake not finished yet).</summary>
    internal int ClosingWith(WebSocketCloseStatus status) => Volatile.Read(ref open).Count(c => c.CloseStatus == status);

    /// <summary>Takes a slot under <see cref="StreamOptions.MaxConnections"/>; false when the silo is full.</summary>
    internal bool TryReserve()
    {
        while (true)
        {
            var current = Volatile.Read(ref reserved);
            if (current >= options.MaxConnections) return false;
            if (Interlocked.CompareExchange(ref reserved, current + 1, current) == current) return true;
        }
    }

    /// <summary>Gives back a slot whose upgrade failed.</summary>
    internal void Release() => Interlocked.Decrement(ref reserved);

    /// <summary>Runs an accepted connection to its end, registered here meanwhile; releases the reserved slot.</summary>
    internal async Task RunAsync(StreamConnection connection, Func<StreamConnection, Task> session)
    {
        lock (gate) open = open.Add(connection);
        StreamMetrics.Connections.Add(1);
        try
        {
            await connection.RunAsync(session);
        }
        finally
        {
            lock (gate)
            {
                open = open.Remove(connection);
                tickReceivers = tickReceivers.Where(c => c != connection).ToArray();
            }
            Interlocked.Decrement(ref reserved);
            StreamMetrics.Connections.Add(-1);
            var status = connection.CloseStatus ?? StreamCloseCodes.Abnormal;
            closes.AddOrUpdate((int)status, 1, (_, n) => n + 1);
            StreamMetrics.Closes.Add(1, new KeyValuePair<string, object?>("code", (int)status));
            if (status == StreamCloseCodes.TooSlow) ReportSlow();
        }
    }

    /// <summary>From now on the connection receives <see cref="Broadcast"/> frames (after what it has queued so far).</summary>
    internal void ReceiveTicks(StreamConnection connection)
    {
        lock (gate)
            if (open.Contains(connection) && !connection.Closing.IsCancellationRequested) tickReceivers = [.. tickReceivers, connection];
    }

    internal bool HasTickReceivers => Volatile.Read(ref tickReceivers).Length > 0;

    /// <summary>Offers one shared frame to every tick receiver; a full queue drops it (ticks are not replayable anyway).</summary>
    internal void Broadcast(StreamFrame frame)
    {
        foreach (var connection in Volatile.Read(ref tickReceivers))
            if (!connection.TryEnqueue(frame)) StreamMetrics.DroppedTicks.Add(1);
    }

    private void CloseAll(WebSocketCloseStatus status, string reason)
    {
        foreach (var connection in Volatile.Read(ref open)) connection.Close(status, reason);
    }

    private void ReportSlow()
    {
        int count;
        lock (gate)
        {
            slowSinceLogged++;
            var now = Environment.TickCount64;
            if (now - slowLoggedAt < (long)SlowLogWindow.TotalMilliseconds) return;
            (count, slowSinceLogged, slowLoggedAt) = (slowSinceLogged, 0, now);
        }
        LogSlowClients(count, options.SendQueueCapacity);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Closed {Count} stream client(s) with 4008: each fell {Capacity} messages behind (more are counted, not logged, for 10 s)")]
    private partial void LogSlowClients(int count, int capacity);
}
