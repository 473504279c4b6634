using System.Buffers;
using System.Runtime.CompilerServices;
using Arena.Grains.Events;
using Arena.Grains.Spectators;
using Arena.Grains.Trading;

namespace Arena.Api.Features.Streams;

/// <summary>One serialized server message (UTF-8 JSON text). Immutable and shared: one instance may sit in many sockets' queues.</summary>
public sealed class StreamFrame(byte[] utf8)
{
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;
}

/// <summary>The server messages of docs/stream-protocol.md, serialized. Field names and shapes here are the documented ones.</summary>
internal static class StreamMessages
{
    private static readonly JsonSerializerOptions Json = EventOutbox.PayloadJson;

    /// <summary>The event envelope <c>{seq, type, at, data}</c>; the stored payload is written as is (it is already JSON).</summary>
    public static StreamFrame Event(StoredEvent e) => Write(w => WriteEnvelope(w, e));

    public static StreamFrame Snapshot(long seq, bool resync, ArenaSnapshotContent? arena, IReadOnlyList<StoredEvent> events) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "snapshot");
        w.WriteNumber("seq", seq);
        w.WriteBoolean("resync", resync);
        w.WritePropertyName("arena");
        JsonSerializer.Serialize(w, arena, Json);
        w.WriteStartArray("events");
        foreach (var e in events) WriteEnvelope(w, e);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Sent after a replay: everything up to <paramref name="seq"/> has been delivered; live events follow.</summary>
    public static StreamFrame Resumed(long since, long seq) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "resumed");
        w.WriteNumber("since", since);
        w.WriteNumber("seq", seq);
        w.WriteEndObject();
    });

    public static StreamFrame Ticks(IEnumerable<Quote> quotes) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "ticks");
        w.WritePropertyName("prices");
        JsonSerializer.Serialize(w, quotes.Select(q => new ArenaPrice(q.Symbol, q.Price, q.At)), Json);
        w.WriteEndObject();
    });

    public static StreamFrame Error(string code, string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "error");
        w.WriteString("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private static void WriteEnvelope(Utf8JsonWriter w, StoredEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", e.Seq);
        w.WriteString("type", e.Type);
        w.WriteString("at", e.At);
        w.WritePropertyName("data");
        w.WriteRawValue(e.Payload);
        w.WriteEndObject();
    }

    private static StreamFrame Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return new StreamFrame(buffer.WrittenSpan.ToArray());
    }
}

/// <summary>
/// Serializes each live event once per silo. The hub hands the same <see cref="StoredEvent"/> instance to every
/// subscriber, so the frame is cached on that instance: every socket queues the same bytes, and the cache entry
/// goes away with the event once no queue holds it.
/// </summary>
public sealed class EventFrames
{
    private readonly ConditionalWeakTable<StoredEvent, Lazy<StreamFrame>> frames = new();
    private long serialized;

    /// <summary>Events serialized so far (a test and the benchmark check it grows with events, not with clients).</summary>
    public long Serialized => Interlocked.Read(ref serialized);

    // GetValue may build several Lazy instances under a race, but stores and returns one, and a Lazy runs its factory once.
    public StreamFrame For(StoredEvent e) => frames.GetValue(e, Create).Value;

    private Lazy<StreamFrame> Create(StoredEvent e) => new(() =>
    {
        Interlocked.Increment(ref serialized);
        return StreamMessages.Event(e);
    });
}
