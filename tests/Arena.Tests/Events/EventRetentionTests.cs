using Arena.Grains.Events;
using Arena.Grains.Persistence;

namespace Arena.Tests.Events;

/// <summary>Pruning deletes old events in seq batches, oldest first, and never what a resume still needs.</summary>
public abstract class EventRetentionTests(Dialect dialect)
{
    private static readonly DateTimeOffset Old = DateTimeOffset.UtcNow.AddDays(-3);

    // Retention 1 day. The background pruner first runs an interval (an hour) after start and the sequencer polls
    // only hourly, so within a test events are pruned by PruneAsync alone and numbered when a wake-up or DrainAsync says so.
    private async Task<ArenaServer> FreshServerAsync() =>
        await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(dialect), new Dictionary<string, string?>
        {
            ["Arena:Events:Retention"] = "1.00:00:00",
            ["Arena:Events:PruneBatchSize"] = "3",
            ["Arena:Events:PruneInterval"] = "01:00:00",
            ["Arena:Events:PollInterval"] = "01:00:00",
        });

    private static EventDraft[] Drafts(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => EventDraft.Public("t", new { marker = $"{prefix}{i}" })).ToArray();

    [Fact]
    public async Task Old_events_are_pruned_in_batches_up_to_the_first_one_still_inside_the_retention()
    {
        await using var server = await FreshServerAsync();
        await server.AppendAsync(Old, Drafts("old", 10));
        await server.AppendAsync(Drafts("new", 1));
        await server.AppendAsync(Old, Drafts("late-old", 2)); // older, but after a recent one in the sequence
        await server.AppendAsync(Drafts("new", 1));
        await server.DrainAsync();

        var deleted = await server.GetService<EventRetention>().PruneAsync();

        Assert.Equal(10, deleted); // four batches of at most 3
        var left = await server.ReadAllAsync(EventAudience.Admin);
        Assert.Equal([11L, 12L, 13L, 14L], left.Select(e => e.Seq));
        Assert.Equal(new EventWindow(11, 14), await server.GetService<EventStore>().ReadWindowAsync());
        Assert.Equal(0, await server.GetService<EventRetention>().PruneAsync()); // idempotent
    }

    [Fact]
    public async Task The_newest_event_is_kept_so_numbering_never_restarts()
    {
        await using var server = await FreshServerAsync();
        await server.AppendAsync(Old, Drafts("old", 5));
        await server.DrainAsync();

        Assert.Equal(4, await server.GetService<EventRetention>().PruneAsync());
        Assert.Equal(new EventWindow(5, 5), await server.GetService<EventStore>().ReadWindowAsync());

        await server.AppendAsync(Drafts("new", 1));
        await server.DrainAsync();
        var left = await server.ReadAllAsync(EventAudience.Admin);
        Assert.Equal([(5L, "old4"), (6L, "new0")], left.Select(e => (e.Seq, e.Marker())));
    }

    [Fact]
    public async Task Unsequenced_events_are_never_pruned()
    {
        await using var server = await FreshServerAsync();
        await server.AppendAsync(Old, Drafts("old", 3));
        await server.DrainAsync();
        // Committed but not numbered yet: appended without waking any sequencer (no signal, no NOTIFY is sent
        // because the transaction is not run through Database), so it is not part of any pruned range.
        await using (var connection = await server.GetService<Database>().OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await EventOutbox.AppendAsync(new Tx(connection, transaction, server.GetService<Database>().Dialect), EventDraft.Public("t", new { marker = "pending" }), Old);
            await transaction.CommitAsync();
        }

        await server.GetService<EventRetention>().PruneAsync();
        await server.DrainAsync();

        Assert.Equal([(3L, "old2"), (4L, "pending")], (await server.ReadAllAsync(EventAudience.Admin)).Select(e => (e.Seq, e.Marker())));
    }
}

public sealed class EventRetentionTestsOnSqlite() : EventRetentionTests(Dialect.Sqlite);

public sealed class EventRetentionTestsOnPostgres() : EventRetentionTests(Dialect.Postgres);
