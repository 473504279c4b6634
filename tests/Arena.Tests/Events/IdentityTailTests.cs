using Arena.Grains.Events;
using Arena.Grains.Persistence;
using Npgsql;

namespace Arena.Tests.Events;

/// <summary>
/// Why the outbox has a sequencer: on PostgreSQL an identity value is taken at INSERT, but the row becomes visible
/// at COMMIT, so ids do not become visible in order. A reader whose cursor is the last id it saw skips a
/// transaction that inserted earlier and committed later. (SQLite has one writer at a time, so this interleaving
/// cannot happen there; the test is PostgreSQL only.)
/// </summary>
public sealed class IdentityTailTestsOnPostgres
{
    [Fact]
    public async Task A_late_commit_is_skipped_by_an_id_cursor_but_not_by_the_seq_cursor()
    {
        await using var server = await ArenaServer.StartAsync(await DatabaseTarget.CreateAsync(Dialect.Postgres));
        var store = server.GetService<EventStore>();
        var connectionString = server.Database.ConnectionString;

        await using var a = new NpgsqlConnection(connectionString);
        await a.OpenAsync();
        await using var txA = await a.BeginTransactionAsync();
        var idA = await EventOutbox.AppendAsync(new Tx(a, txA, SqlDialect.Postgres), EventDraft.Public("t", new { marker = "A" }), DateTimeOffset.UtcNow);

        await using var b = new NpgsqlConnection(connectionString);
        await b.OpenAsync();
        long idB;
        await using (var txB = await b.BeginTransactionAsync())
        {
            idB = await EventOutbox.AppendAsync(new Tx(b, txB, SqlDialect.Postgres), EventDraft.Public("t", new { marker = "B" }), DateTimeOffset.UtcNow);
            await txB.CommitAsync();
        }
        Assert.True(idA < idB);

        // Both readers look while A is still open: each sees only B and moves its cursor past it.
        var naiveCursor = 0L;
        var naiveSeen = await NaiveReadAsync(server, naiveCursor);
        Assert.Equal([idB], naiveSeen);
        naiveCursor = naiveSeen[^1];
        await server.DrainAsync();
        var seqSeen = await store.ReadAfterAsync(0, 10, EventAudience.Admin);
        Assert.Equal(["B"], seqSeen.Select(e => e.Marker()));
        var seqCursor = seqSeen[^1].Seq;

        await txA.CommitAsync();
        await server.DrainAsync();

        Assert.Empty(await NaiveReadAsync(server, naiveCursor)); // A (id below the cursor) is never seen
        var late = await store.ReadAfterAsync(seqCursor, 10, EventAudience.Admin);
        Assert.Equal(["A"], late.Select(e => e.Marker())); // numbered after B, so the seq tail sees it
        Assert.Equal(seqCursor + 1, late[0].Seq);
    }

    private static async Task<long[]> NaiveReadAsync(ArenaServer server, long afterId) =>
        (await server.GetService<Database>().ReadAsync(c => Dapper.SqlMapper.QueryAsync<long>(c,
            "SELECT id FROM activity_events WHERE id > @afterId ORDER BY id", new { afterId }))).ToArray();
}
