using Arena.Benchmarks;
using System.Buffers.Text;
using System.Net.WebSockets;

namespace Arena.Benchmarks.Fanout;

/// <summary>
/// One benchmark spectator on <c>/ws/arena</c>. It reads every message and, for the benchmark's events, records
/// receipt time minus the append stamp in the payload into the histogram of the event's step. It parses only the
/// three numbers it needs (the clients share the machine with the silo, so they must stay cheap).
/// </summary>
public sealed class Spectator(int steps) : IDisposable
{
    private static readonly byte[] Marker = "\"type\":\"bench.fanout\""u8.ToArray();
    private static readonly byte[] StepField = "\"step\":"u8.ToArray();
    private static readonly byte[] StampField = "\"stamp\":"u8.ToArray();
    private readonly ClientWebSocket socket = new();
    private long lastSeq;

    public LatencyHistogram[] Steps { get; } = Enumerable.Range(0, steps).Select(_ => new LatencyHistogram()).ToArray();

    /// <summary>Events that arrived with a seq not above the previous one (must stay 0).</summary>
    public long OutOfOrder { get; private set; }

    public WebSocketCloseStatus? ClosedWith { get; private set; }

    public bool Dropped { get; private set; }

    /// <summary>The first message (the snapshot) arrived: the server has subscribed this client to the hub.</summary>
    public bool Ready { get; private set; }

    public bool Gone => ClosedWith is not null || Dropped;

    public async Task ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(url, cancellationToken);
    }

    /// <summary>Reads until the socket closes (no cancellation token per receive: registering one per call costs the shared CPU).</summary>
    public async Task RunAsync()
    {
        var buffer = new byte[8 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                } while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClosedWith = socket.CloseStatus;
                    return;
                }
                Ready = true;
                Observe(buffer.AsSpan(0, length), Stopwatch.GetTimestamp());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            Dropped = true;
        }
    }

    private void Observe(ReadOnlySpan<byte> message, long receivedAt)
    {
        if (message.IndexOf(Marker) < 0) return;
        // The envelope starts {"seq":N, and the payload is {"step":S,"stamp":T,...}.
        if (!Utf8Parser.TryParse(message["{\"seq\":".Length..], out long seq, out _)
            || !TryNumber(message, StepField, out var step) || !TryNumber(message, StampField, out var stamp)) return;
        if (seq <= lastSeq) OutOfOrder++;
        lastSeq = seq;
        if (step >= 0 && step < Steps.Length) Steps[step].Record(receivedAt - stamp);
    }

    private static bool TryNumber(ReadOnlySpan<byte> message, ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var at = message.IndexOf(field);
        return at >= 0 && Utf8Parser.TryParse(message[(at + field.Length)..], out value, out _);
    }

    /// <summary>Starts the close handshake; <see cref="RunAsync"/> ends when the server's close arrives.</summary>
    public async Task CloseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (socket.State == WebSocketState.Open) await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    public void Dispose() => socket.Dispose();
}
