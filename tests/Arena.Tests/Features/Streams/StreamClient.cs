using System.Net.WebSockets;

namespace Arena.Tests.Features.Streams;

/// <summary>
/// A real <see cref="ClientWebSocket"/> against the silo. A background loop reads every message (so the client
/// answers the server's Pings) into a queue the test takes from, checks each against the documented shapes
/// (<see cref="ProtocolShapes"/>) and keeps its raw text. Created with <c>read: false</c> it reads nothing
/// (a slow or silent client) until <see cref="StartReading"/>.
/// </summary>
public sealed class StreamClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly Channel<JsonObject> messages = Channel.CreateUnbounded<JsonObject>();
    private readonly ConcurrentQueue<string> raw = new();
    private readonly ConcurrentQueue<string> shapeErrors = new();
    private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? reading;

    private StreamClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    /// <summary>Every text message received so far, as sent.</summary>
    public IReadOnlyCollection<string> Raw => raw;

    /// <summary>The server's close code once a close frame arrived; null while open or when the connection was dropped without one.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? CloseReason { get; private set; }

    /// <summary>The connection ended without a close frame (the server aborted it).</summary>
    public bool Aborted { get; private set; }

    public static Uri Url(ArenaServer server, string pathAndQuery) => new(new UriBuilder(server.BaseAddress) { Scheme = "ws" }.Uri, pathAndQuery);

    public static async Task<StreamClient> ConnectAsync(ArenaServer server, string pathAndQuery, Action<ClientWebSocketOptions>? configure = null, bool read = true)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // only the server's Pings: keep-alive is what the server enforces
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(Url(server, pathAndQuery), timeout.Token);
        var client = new StreamClient(socket);
        if (read) client.StartReading();
        return client;
    }

    public void StartReading() => reading ??= Task.Run(ReadLoopAsync);

    /// <summary>
    /// Reads exactly one message without starting the read loop: a client that takes its snapshot and then stops reading
    /// (so it stops answering Pings too).
    /// </summary>
    public async Task<string> ReceiveOneAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            raw.Enqueue(text);
            return text;
        }
    }

    public Task SendAsync(string text) => Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message (fails after 30 s, or if the stream ends first).</summary>
    public async Task<JsonObject> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            return await messages.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"The stream ended (close {(int?)CloseStatus} '{CloseReason}', aborted {Aborted}) while a message was expected");
        }
    }

    /// <summary>Takes messages until one matches; returns all taken, the match last.</summary>
    public async Task<List<JsonObject>> NextUntilAsync(Func<JsonObject, bool> match)
    {
        var taken = new List<JsonObject>();
        while (true)
        {
            var message = await NextAsync();
            taken.Add(message);
            if (match(message)) return taken;
        }
    }

    /// <summary>Waits for the end of the stream (reading whatever is still buffered) and returns the close code, null if dropped.</summary>
    public async Task<WebSocketCloseStatus?> EndAsync()
    {
        StartReading();
        try
        {
            await ended.Task.WaitAsync(Wait);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"The stream did not end within {Wait.TotalSeconds:0} s (socket {Socket.State}); it sent {raw.Count} message(s): "
                + string.Join(", ", raw.Take(3).Select(m => m.Length > 60 ? m[..60] + "..." : m)));
        }
        return CloseStatus;
    }

    /// <summary>Messages received but not taken yet.</summary>
    public List<JsonObject> Drain()
    {
        var list = new List<JsonObject>();
        while (messages.Reader.TryRead(out var m)) list.Add(m);
        return list;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    (CloseStatus, CloseReason) = (result.CloseStatus, result.CloseStatusDescription);
                    if (Socket.State == WebSocketState.CloseReceived)
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                raw.Enqueue(text);
                var json = JsonNode.Parse(text)!.AsObject();
                foreach (var error in ProtocolShapes.Check(json)) shapeErrors.Enqueue(error);
                messages.Writer.TryWrite(json);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            Aborted = true;
        }
        finally
        {
            messages.Writer.TryComplete();
            ended.TrySetResult();
        }
    }

    /// <summary>Closes (if still open) and fails the test if any message did not match its documented shape.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                if (reading is not null) await ended.Task.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
            {
            }
        }
        Socket.Abort();
        Socket.Dispose();
        Assert.True(shapeErrors.IsEmpty, "Messages that do not match docs/stream-protocol.md:\n" + string.Join("\n", shapeErrors.Take(20)));
    }
}

public static class StreamMessagesExtensions
{
    public static bool IsEvent(this JsonObject m) => m.ContainsKey("data");

    public static string Type(this JsonObject m) => m["type"]!.GetValue<string>();

    public static long Seq(this JsonObject m) => m["seq"]!.GetValue<long>();

    public static bool Is(this JsonObject m, string controlType) => !m.IsEvent() && m.Type() == controlType;

    /// <summary>The events a message carries: itself if it is one, a snapshot's recent events, nothing otherwise.</summary>
    public static IEnumerable<JsonObject> Events(this JsonObject m) =>
        m.IsEvent() ? [m] : m.Is("snapshot") ? m["events"]!.AsArray().Select(e => e!.AsObject()) : [];
}
