using Arena.Grains.Events;
using Arena.Grains.Persistence;

namespace Arena.Tests.Events;

/// <summary>The outbox's sequence: dense, gap-free for readers, committed events only, and the hub's delivery.</summary>
public abstract class EventSequencingTests(Dialect dialect)
{
    private const int Writers = 40;
    private const int EventsPerWriter = 25;

    private async Task<ArenaServer> FreshServerAsync(IDictionary<string, string?>? settings = null) =>
        await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(dialect), settings);

    private sealed class RolledBack : Exception;

    [Fact]
    public async Task A_tailing_reader_sees_every_committed_event_exactly_once_in_dense_order_and_no_rolled_back_one()
    {
        await using var server = await FreshServerAsync();
        var database = server.GetService<Database>();
        var store = server.GetService<EventStore>();
        var signal = server.GetService<OutboxSignal>();
        var committed = new ConcurrentBag<string>();
        var rolledBack = new ConcurrentBag<string>();
        var finalHighWaterMark = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The reader tails as a dispatcher would: its cursor is the last seq it saw, nothing else.
        var reader = Task.Run(async () =>
        {
            var seen = new List<StoredEvent>();
            long last = 0;
            while (true)
            {
                var batch = await store.ReadAfterAsync(last, 100, EventAudience.Admin);
                seen.AddRange(batch);
                if (batch.Count > 0) last = batch[^1].Seq;
                else if (finalHighWaterMark.Task.IsCompleted && last >= finalHighWaterMark.Task.Result) return seen;
                else await Task.Delay(1);
            }
        });

        // Each writer commits EventsPerWriter events in transactions of 1-4 events that sleep a few ms before
        // committing (so commits land out of id order on PostgreSQL); about one transaction in five rolls back.
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var written = 0;
            for (var t = 0; written < EventsPerWriter; t++)
            {
                var size = Math.Min(random.Next(1, 5), EventsPerWriter - written);
                var rollBack = random.Next(5) == 0;
                var markers = Enumerable.Range(0, size).Select(i => rollBack ? $"rolled-back:{w}:{t}:{i}" : $"{w}:{written + i}").ToArray();
                try
                {
                    await database.InTransactionAsync(async tx =>
                    {
                        foreach (var marker in markers)
                            await EventOutbox.AppendAsync(tx, EventDraft.Public("proof.event", new { marker }), DateTimeOffset.UtcNow);
                        await HoldOpenAsync(random.Next(0, 6));
                        if (rollBack) throw new RolledBack();
                    });
                    foreach (var m in markers) committed.Add(m);
                    written += size;
                    signal.Notify();
                }
                catch (RolledBack)
                {
                    foreach (var m in markers) rolledBack.Add(m);
                }
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(3));
        await server.DrainAsync();
        finalHighWaterMark.SetResult(await store.HighWaterMarkAsync());
        var seen = await reader.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(Writers * EventsPerWriter, committed.Count);
        Assert.NotEmpty(rolledBack);
        Assert.Equal(Enumerable.Range(1, committed.Count).Select(i => (long)i), seen.Select(e => e.Seq)); // 1, 2, 3, ... no gap, no repeat
        Assert.Equal(committed.Order(StringComparer.Ordinal), seen.Select(e => e.Marker()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(seen, e => e.Marker().StartsWith("rolled-back", StringComparison.Ordinal));
        if (dialect == Dialect.Postgres)
        {
            // The scenario really happened: some event inserted earlier (lower id) committed later (higher seq).
            var inversions = await database.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c,
                "SELECT count(*) FROM activity_events a JOIN activity_events b ON a.id < b.id AND a.seq > b.seq"));
            Assert.True(inversions > 0);
        }
        // Within one writer, events were committed in order, so they were numbered in order.
        foreach (var writer in seen.GroupBy(e => e.Marker().Split(':')[0]))
            Assert.Equal(Enumerable.Range(0, EventsPerWriter), writer.Select(e => int.Parse(e.Marker().Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Keeps a writer's transaction open a few ms before it commits (an await, like real work). On PostgreSQL other
    /// writers insert and commit meanwhile, so commits land out of id order. On SQLite the other writers queue on
    /// Database's asynchronous write gate rather than blocking threads in SQLite's busy retry.
    /// </summary>
    private static Task HoldOpenAsync(int milliseconds) => Task.Delay(milliseconds);

    [Fact]
    public async Task Events_are_numbered_in_insertion_order_across_batches_and_the_numbering_continues_after_a_restart()
    {
        await using var server = await FreshServerAsync(new Dictionary<string, string?> { ["Arena:Events:SequenceBatchSize"] = "7" });
        var drafts = Enumerable.Range(0, 30).Select(i => EventDraft.Public("batch.event", new { marker = $"{i}" })).ToArray();
        var ids = await server.AppendAsync(drafts);
        await server.DrainAsync();
        var first = await server.ReadAllAsync(EventAudience.Admin);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), first.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"{i}"), first.Select(e => e.Marker()));
        Assert.True(ids.SequenceEqual(ids.Order()));

        await server.RestartAsync();
        await server.AppendAsync(EventDraft.Public("batch.event", new { marker = "after restart" }));
        await server.DrainAsync();
        var all = await server.ReadAllAsync(EventAudience.Admin);
        Assert.Equal(first.Select(e => (e.Seq, e.Payload, e.At)), all.Take(30).Select(e => (e.Seq, e.Payload, e.At)));
        Assert.Equal((31L, "after restart"), (all[^1].Seq, all[^1].Marker()));
    }

    [Fact]
    public async Task Readers_see_public_events_a_user_also_their_own_and_admins_everything()
    {
        await using var server = await FreshServerAsync();
        var alice = await server.RegisterAsync();
        var bob = await server.RegisterAsync();
        await server.AppendAsync(
            EventDraft.Public("t", new { marker = "public" }),
            EventDraft.ForUser(alice.Id, "t", new { marker = "alice" }),
            EventDraft.ForUser(bob.Id, "t", new { marker = "bob" }),
            EventDraft.ForAdmins("t", new { marker = "admin" }));
        await server.DrainAsync();
        var store = server.GetService<EventStore>();

        // Registering wrote each user's welcome notification event too: look at this test's own type only.
        async Task<string[]> After(EventAudience a) => (await store.ReadAfterAsync(0, 10, a)).Where(e => e.Type == "t").Select(e => e.Marker()).ToArray();
        async Task<string[]> Latest(EventAudience a) => (await store.ReadLatestAsync(10, a)).Where(e => e.Type == "t").Select(e => e.Marker()).ToArray();
        async Task<string[]> Page(EventAudience a) => (await store.ReadPageAsync(null, 10, ["t"], a)).Select(e => e.Marker()).ToArray();
        foreach (var read in new[] { After, Latest })
        {
            Assert.Equal(["public"], await read(EventAudience.Public));
            Assert.Equal(["public", "alice"], await read(EventAudience.ForUser(alice.Id)));
            Assert.Equal(["public", "bob"], await read(EventAudience.ForUser(bob.Id)));
            Assert.Equal(["public", "alice", "bob", "admin"], await read(EventAudience.Admin));
        }
        Assert.Equal(["alice", "public"], await Page(EventAudience.ForUser(alice.Id)));
        Assert.Equal(["public"], await Page(EventAudience.Public));
        var aliceOnly = (await store.ReadAfterAsync(0, 10, EventAudience.Admin)).Single(e => e.Type == "t" && e.Marker() == "alice").Seq;
        Assert.Null(await store.FindAsync(aliceOnly, EventAudience.ForUser(bob.Id)));
        Assert.NotNull(await store.FindAsync(aliceOnly, EventAudience.ForUser(alice.Id)));
    }

    [Fact]
    public async Task The_hub_delivers_new_events_in_order_to_each_subscriber_it_may_show_them_to()
    {
        await using var server = await FreshServerAsync();
        var alice = await server.RegisterAsync();
        await server.AppendAsync(EventDraft.Public("t", new { marker = "before" }));
        await server.DrainAsync();
        var hub = server.GetService<EventHub>();
        await server.HubCaughtUpAsync();
        using var spectator = await hub.SubscribeAsync(EventAudience.Public);
        using var user = await hub.SubscribeAsync(EventAudience.ForUser(alice.Id));
        using var admin = await hub.SubscribeAsync(EventAudience.Admin);
        Assert.Equal(await server.GetService<EventStore>().HighWaterMarkAsync(), admin.StartsAfter);

        for (var i = 0; i < 20; i++)
            await server.AppendAsync(
                EventDraft.Public("t", new { marker = $"public {i}" }),
                EventDraft.ForUser(alice.Id, "t", new { marker = $"alice {i}" }),
                EventDraft.ForAdmins("t", new { marker = $"admin {i}" }));

        var all = await admin.TakeAsync(60);
        Assert.Equal(Enumerable.Range((int)admin.StartsAfter + 1, 60).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal(all.Where(e => e.Visibility == EventVisibility.Public).Select(e => e.Seq), (await spectator.TakeAsync(20)).Select(e => e.Seq));
        Assert.Equal(all.Where(e => e.Visibility != EventVisibility.Admin).Select(e => e.Seq), (await user.TakeAsync(40)).Select(e => e.Seq));
        Assert.False(spectator.Events.TryRead(out _));
        Assert.Equal(admin.StartsAfter + 60, hub.HighWaterMark);
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_is_cut_off_without_holding_up_the_others()
    {
        await using var server = await FreshServerAsync();
        var hub = server.GetService<EventHub>();
        using var slow = await hub.SubscribeAsync(EventAudience.Public, capacity: 3);
        using var fast = await hub.SubscribeAsync(EventAudience.Public, capacity: 3);

        var received = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            await server.AppendAsync(EventDraft.Public("t", new { marker = $"{i}" }));
            received.AddRange((await fast.TakeAsync(1)).Select(e => e.Seq));
        }
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received);

        var queued = new List<long>();
        var overflow = await Assert.ThrowsAsync<EventSubscriberOverflowException>(async () =>
        {
            await foreach (var e in slow.Events.ReadAllAsync()) queued.Add(e.Seq);
        });
        Assert.Equal([1L, 2L, 3L], queued);
        Assert.Equal(4, overflow.FirstMissedSeq);
    }

    [Fact]
    public async Task The_window_reports_the_high_water_mark_and_the_oldest_retained_seq()
    {
        await using var server = await FreshServerAsync();
        var store = server.GetService<EventStore>();
        var empty = await store.ReadWindowAsync();
        Assert.Equal(new EventWindow(1, 0), empty);
        Assert.True(empty.CanReplayAfter(0));

        await server.AppendAsync(Enumerable.Range(0, 5).Select(i => EventDraft.Public("t", new { marker = $"{i}" })).ToArray());
        await server.DrainAsync();
        var window = await store.ReadWindowAsync();
        Assert.Equal(new EventWindow(1, 5), window);
        Assert.True(window.CanReplayAfter(0));
        Assert.True(window.CanReplayAfter(5));
        Assert.False(window.CanReplayAfter(6)); // a cursor from the future (another database): resynchronise
    }
}

public sealed class EventSequencingTestsOnSqlite() : EventSequencingTests(Dialect.Sqlite);

public sealed class EventSequencingTestsOnPostgres() : EventSequencingTests(Dialect.Postgres);
