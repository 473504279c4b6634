using Arena.Grains.Events;
using Arena.Grains.Spectators;

namespace Arena.Api.Features.Streams;

/// <summary>
/// The event part of both streams, for one connection: subscribe, then a <c>snapshot</c> or a replay, then live
/// events in seq order, each exactly once (docs/stream-protocol.md, "Consistency").
/// </summary>
public sealed class EventStreams(
    EventHub hub,
    EventStore store,
    EventFrames frames,
    IArenaSnapshotSource arena,
    StreamConnections connections,
    IOptions<StreamOptions> options)
{
    private const int ReplayBatch = 500;
    private readonly StreamOptions settings = options.Value;

    /// <param name="since">The last seq the client has (resume), or null for a fresh snapshot.</param>
    /// <param name="spectator">The spectator stream: its snapshot carries the arena and it receives price ticks.</param>
    public async Task RunAsync(StreamConnection connection, EventAudience audience, long? since, bool spectator)
    {
        // Subscribe FIRST. The hub then delivers every visible event with seq > S = StartsAfter, and every event with
        // seq <= S was committed before this line (the sequencer numbers committed rows only, and the hub had delivered
        // S). So whatever is read next (the arena state, the recent events, a replay) is read after those commits:
        //   - events: the snapshot or replay holds seq <= S and the live loop seq > S: none is lost, none repeats;
        //   - state: the arena reflects at least every event up to S. It may also reflect changes whose events come
        //     after S (committed but not yet numbered or delivered); those events still arrive live, so clients apply
        //     them idempotently (by id), as the protocol page says.
        // Reading the snapshot first and subscribing second would lose every event committed in between.
        using var subscription = await hub.SubscribeAsync(audience, settings.SendQueueCapacity, connection.Closing);
        var delivered = since is { } from
            ? await ResumeAsync(connection, subscription.StartsAfter, audience, from, spectator)
            : await SendSnapshotAsync(connection, subscription.StartsAfter, audience, spectator, resync: false);
        if (spectator) connections.ReceiveTicks(connection);

        var answering = AnswerClientMessagesAsync(connection);
        try
        {
            await foreach (var e in subscription.Events.ReadAllAsync(connection.Closing))
            {
                // A client resuming from another silo may be ahead of this silo's hub: skip what it already has.
                if (e.Seq <= delivered) continue;
                if (!connection.TryEnqueue(frames.For(e)))
                {
                    TooSlow(connection);
                    return;
                }
            }
        }
        catch (EventSubscriberOverflowException)
        {
            TooSlow(connection);
        }
        finally
        {
            // The loop ends normally only when the hub stops with the silo.
            connection.Close(StreamCloseCodes.GoingAway, "the server is shutting down; reconnect with since");
            await answering;
        }
    }

    private static void TooSlow(StreamConnection connection) =>
        connection.Close(StreamCloseCodes.TooSlow, "too slow: the send queue overflowed; reconnect with since");

    /// <summary>Replays (since, S] when the store still holds all of it; otherwise sends a snapshot flagged resync.</summary>
    private async Task<long> ResumeAsync(StreamConnection connection, long startsAfter, EventAudience audience, long since, bool spectator)
    {
        var window = await store.ReadWindowAsync(connection.Closing);
        if (!window.CanReplayAfter(since) || startsAfter - since > settings.MaxReplayEvents)
            return await SendSnapshotAsync(connection, startsAfter, audience, spectator, resync: true);

        var cursor = since;
        while (cursor < startsAfter)
        {
            var batch = await store.ReadAfterAsync(cursor, ReplayBatch, audience, connection.Closing);
            // Retention deletes a prefix of the sequence. If nothing after `cursor` is deleted now, nothing was when the
            // batch was read: it is complete. Otherwise part of it may be missing, and the client must resync.
            if ((await store.ReadWindowAsync(connection.Closing)).OldestRetainedSeq > cursor + 1)
                return await SendSnapshotAsync(connection, startsAfter, audience, spectator, resync: true);
            foreach (var e in batch.TakeWhile(e => e.Seq <= startsAfter))
                await connection.EnqueueAsync(StreamMessages.Event(e));
            if (batch.Count < ReplayBatch || batch[^1].Seq >= startsAfter) break;
            cursor = batch[^1].Seq;
        }
        var delivered = Math.Max(since, startsAfter);
        await connection.EnqueueAsync(StreamMessages.Resumed(since, delivered));
        return delivered;
    }

    private async Task<long> SendSnapshotAsync(StreamConnection connection, long seq, EventAudience audience, bool spectator, bool resync)
    {
        var content = spectator ? await arena.ReadAsync(connection.Closing) : null;
        var recent = settings.SnapshotEvents == 0 ? []
            : (await store.ReadPageAsync(seq + 1, settings.SnapshotEvents, [], audience, connection.Closing)).Reverse().ToArray();
        if (resync) StreamMetrics.Resyncs.Add(1);
        await connection.EnqueueAsync(StreamMessages.Snapshot(seq, resync, content, recent));
        return seq;
    }

    /// <summary>Once streaming, the client has nothing to say: each message it sends is answered with an <c>error</c>.</summary>
    private static async Task AnswerClientMessagesAsync(StreamConnection connection)
    {
        try
        {
            await foreach (var _ in connection.Incoming.ReadAllAsync(connection.Closing))
                connection.TryEnqueue(StreamMessages.Error("unexpected_message",
                    "This stream takes no messages from the client (an auth message is only read first, on /ws/me)."));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
