using Arena.Grains.Events;
using Arena.Grains.Persistence;

namespace Arena.Tests.Events;

/// <summary>Appending events as the bots will (their own transaction, then a local wake-up), and waiting for the sequencer.</summary>
public static class EventTestKit
{
    public static async Task<long[]> AppendAsync(this ArenaServer server, DateTimeOffset? at, params EventDraft[] drafts)
    {
        var database = server.GetService<Database>();
        var when = at ?? server.GetService<TimeProvider>().GetUtcNow();
        var ids = await database.InTransactionAsync(async tx =>
        {
            var appended = new List<long>();
            foreach (var draft in drafts) appended.Add(await EventOutbox.AppendAsync(tx, draft, when));
            return appended.ToArray();
        });
        server.GetService<OutboxSignal>().Notify();
        return ids;
    }

    public static Task<long[]> AppendAsync(this ArenaServer server, params EventDraft[] drafts) => server.AppendAsync(null, drafts);

    /// <summary>Waits until no committed event lacks a seq (sequencing here, or on whichever silo holds the lock).</summary>
    public static async Task DrainAsync(this ArenaServer server)
    {
        var database = server.GetService<Database>();
        var sequencer = server.GetService<EventSequencer>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await sequencer.SequencePendingAsync();
            var pending = await database.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT count(*) FROM activity_events WHERE seq IS NULL"));
            if (pending == 0) return;
            Assert.True(DateTime.UtcNow < deadline, $"{pending} events were still unsequenced after 60 s");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until this silo's hub has delivered everything sequenced so far.</summary>
    public static async Task HubCaughtUpAsync(this ArenaServer server)
    {
        var target = await server.GetService<EventStore>().HighWaterMarkAsync();
        var hub = server.GetService<EventHub>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (hub.HighWaterMark < target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The hub stayed at {hub.HighWaterMark}, behind {target}");
            await Task.Delay(10);
        }
    }

    /// <summary>Every sequenced event the audience may see, oldest first.</summary>
    public static async Task<List<StoredEvent>> ReadAllAsync(this ArenaServer server, EventAudience audience, long afterSeq = 0)
    {
        var store = server.GetService<EventStore>();
        var all = new List<StoredEvent>();
        while (true)
        {
            var batch = await store.ReadAfterAsync(afterSeq, 500, audience);
            if (batch.Count == 0) return all;
            all.AddRange(batch);
            afterSeq = batch[^1].Seq;
        }
    }

    /// <summary>Reads <paramref name="count"/> events from a subscription (fails after 60 s).</summary>
    public static async Task<List<StoredEvent>> TakeAsync(this EventSubscription subscription, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var taken = new List<StoredEvent>();
        while (taken.Count < count) taken.Add(await subscription.Events.ReadAsync(timeout.Token));
        return taken;
    }

    public static string Marker(this StoredEvent e) => JsonNode.Parse(e.Payload)!["marker"]!.GetValue<string>();

    /// <summary>A type name no other test uses, so a test can pick its own events out of a shared database.</summary>
    public static string UniqueType(string prefix) => $"{prefix}.{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
