using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Arena.Api.Features.Streams;

/// <summary>
/// One client's socket: a bounded send queue drained by ONE writer loop (the only code that writes to the socket,
/// as WebSocket allows one send at a time), a reader loop for what the client sends, and the close handshake.
/// Producers never touch the socket: live producers use <see cref="TryEnqueue"/> and so can never be held up by this
/// client; the session's own first messages (snapshot, replay) wait with <see cref="EnqueueAsync"/>.
/// </summary>
public sealed partial class StreamConnection
{
    // How long the close handshake may take (our close frame out, the client's back) before the socket is aborted.
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket socket;
    private readonly StreamOptions options;
    private readonly ILogger logger;
    private readonly Channel<StreamFrame> outgoing;
    private readonly Channel<byte[]> incoming = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(4)
    {
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.DropWrite, // a client flooding us with messages loses them, never grows memory
    });
    private readonly CancellationTokenSource closing = new();
    private readonly Lock gate = new();
    private (WebSocketCloseStatus Status, string Reason)? closeRequest;
    private long sendStartedAt; // Stopwatch timestamp of the send in progress, 0 when none

    public StreamConnection(WebSocket socket, StreamOptions options, ILogger logger)
    {
        this.socket = socket;
        this.options = options;
        this.logger = logger;
        outgoing = Channel.CreateBounded<StreamFrame>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite reports "full"; only EnqueueAsync ever waits
        });
    }

    /// <summary>Cancelled once the connection is closing, for whatever reason.</summary>
    public CancellationToken Closing => closing.Token;

    /// <summary>Text messages the client sent (at most a few are held; more are dropped until they are read).</summary>
    public ChannelReader<byte[]> Incoming => incoming.Reader;

    /// <summary>The code this server closed (or is closing) the connection with; null while it is open.</summary>
    public WebSocketCloseStatus? CloseStatus
    {
        get { lock (gate) return closeRequest?.Status; }
    }

    /// <summary>Queues a frame without waiting; false when the queue is full (or the connection is closing).</summary>
    public bool TryEnqueue(StreamFrame frame) => outgoing.Writer.TryWrite(frame);

    /// <summary>Queues a frame, waiting for room; throws <see cref="OperationCanceledException"/> once the connection is closing.</summary>
    public async ValueTask EnqueueAsync(StreamFrame frame)
    {
        try
        {
            await outgoing.Writer.WriteAsync(frame, Closing);
        }
        catch (ChannelClosedException)
        {
            throw new OperationCanceledException(Closing);
        }
    }

    /// <summary>
    /// Starts closing: frames still queued are dropped, the close frame goes out after the frame being written (if any).
    /// The first request wins; later ones are ignored. Returns false if the connection was already closing.
    /// </summary>
    public bool Close(WebSocketCloseStatus status, string reason)
    {
        lock (gate)
        {
            if (closeRequest is not null) return false;
            closeRequest = (status, reason);
        }
        outgoing.Writer.TryComplete();
        closing.Cancel();
        return true;
    }

    /// <summary>
    /// Runs the connection until it is closed: the writer, the reader and <paramref name="session"/> (the producer).
    /// Returns when the close handshake is done or the socket was aborted; the session has ended by then.
    /// </summary>
    public async Task RunAsync(Func<StreamConnection, Task> session)
    {
        var reader = ReadLoopAsync();
        var producer = RunSessionAsync(session);
        await WriteLoopAsync();
        // The writer ends after our close frame went out (or the socket failed); the reader ends on the client's close.
        if (await Task.WhenAny(reader, Task.Delay(CloseHandshakeTimeout)) != reader) socket.Abort();
        await reader;
        await producer;
        socket.Dispose();
        // `closing` is not disposed: the registry may still call Close during shutdown, and it holds no timer.
    }

    private async Task RunSessionAsync(Func<StreamConnection, Task> session)
    {
        try
        {
            await session(this);
            Close(StreamCloseCodes.GoingAway, "the stream ended; reconnect with since");
        }
        catch (OperationCanceledException) when (Closing.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSessionFailed(ex);
            Close(StreamCloseCodes.InternalError, "internal error; reconnect with since");
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            // The queue is completed only by Close, so leaving these loops means a close was requested.
            while (!Closing.IsCancellationRequested && await outgoing.Reader.WaitToReadAsync())
                while (!Closing.IsCancellationRequested && outgoing.Reader.TryRead(out var frame))
                {
                    Volatile.Write(ref sendStartedAt, Stopwatch.GetTimestamp());
                    await socket.SendAsync(frame.Utf8, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    Volatile.Write(ref sendStartedAt, 0);
                }
            var (status, reason) = closeRequest!.Value;
            if (status != StreamCloseCodes.Abnormal && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            Close(StreamCloseCodes.Abnormal, "send failed");
            socket.Abort();
        }
    }

    /// <summary>
    /// Called by the registry's watchdog: aborts the socket when one message has been in the writing for longer than
    /// <see cref="StreamOptions.SendTimeout"/> (a client that stopped reading). One timestamp per send instead of a timer
    /// per send keeps the writer loop cheap; the watchdog's period bounds how late the abort can come.
    /// </summary>
    internal void AbortIfStuck(long now)
    {
        var started = Volatile.Read(ref sendStartedAt);
        if (started == 0 || Stopwatch.GetElapsedTime(started, now) < options.SendTimeout) return;
        LogSendTimedOut(options.SendTimeout);
        Close(StreamCloseCodes.Abnormal, "send timed out");
        socket.Abort();
    }

    /// <summary>Reads until the client's close frame or a failure; protocol violations request a close but keep reading for the handshake.</summary>
    private async Task ReadLoopAsync()
    {
        var buffer = new byte[options.MaxIncomingMessageBytes];
        try
        {
            while (true)
            {
                var (count, type, complete) = await ReceiveMessageAsync(buffer);
                if (type == WebSocketMessageType.Close)
                {
                    Close(StreamCloseCodes.Normal, "");
                    return;
                }
                if (type == WebSocketMessageType.Binary) Close(StreamCloseCodes.Unsupported, "binary messages are not supported; send JSON text");
                else if (!complete) Close(StreamCloseCodes.TooBig, $"messages are limited to {options.MaxIncomingMessageBytes} bytes");
                else if (!Closing.IsCancellationRequested) incoming.Writer.TryWrite(buffer.AsSpan(0, count).ToArray());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Aborted: by the keep-alive timeout (no Pong within PingTimeout), by the peer, or by us.
            Close(StreamCloseCodes.Abnormal, "connection lost");
        }
        finally
        {
            incoming.Writer.TryComplete();
        }
    }

    /// <summary>One whole message; <c>complete</c> is false when it did not fit in the buffer (the rest is read and discarded).</summary>
    private async Task<(int Count, WebSocketMessageType Type, bool Complete)> ReceiveMessageAsync(byte[] buffer)
    {
        var count = 0;
        var overflowed = false;
        while (true)
        {
            var result = await socket.ReceiveAsync(overflowed ? buffer.AsMemory() : buffer.AsMemory(count), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return (0, result.MessageType, true);
            if (!overflowed)
            {
                count += result.Count;
                overflowed = count == buffer.Length && !result.EndOfMessage;
            }
            if (result.EndOfMessage) return (count, result.MessageType, !overflowed);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A stream session failed; closing the connection")]
    private partial void LogSessionFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "A stream client did not take a message within {Timeout}; the connection was aborted")]
    private partial void LogSendTimedOut(TimeSpan timeout);
}
