namespace Arena.Grains.Events;

/// <summary>
/// Reads sequenced events. Unsequenced rows (seq NULL) are never returned: they may belong to a
/// transaction that has not committed yet, and they have no place in the order until the sequencer
/// numbers them. Every read is filtered by an <see cref="EventAudience"/>.
/// </summary>
public sealed class EventStore(Database database)
{
    private const string Columns = "seq, type, visibility, user_id, bot_id, payload, created_at";

    /// <summary>Events with <c>seq &gt; afterSeq</c>, oldest first: how a tail or a resume reads.</summary>
    public Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long afterSeq, int limit, EventAudience audience, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT {Columns} FROM activity_events
            WHERE seq > @afterSeq AND {audience.SqlPredicate}
            ORDER BY seq LIMIT @limit
            """, new { afterSeq, limit, audienceUserId = audience.UserId }, cancellationToken);

    /// <summary>The newest <paramref name="count"/> events, returned oldest first (a snapshot to start a live view from).</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadLatestAsync(int count, EventAudience audience, CancellationToken cancellationToken = default)
    {
        var newestFirst = await ReadPageAsync(null, count, [], audience, cancellationToken);
        return newestFirst.Reverse().ToArray();
    }

    /// <summary>
    /// One page of the feed, newest first: events with <c>seq &lt; beforeSeq</c> (all when null), of the given
    /// types (all when empty). The next page starts before the last event returned.
    /// </summary>
    public Task<IReadOnlyList<StoredEvent>> ReadPageAsync(long? beforeSeq, int limit, IReadOnlyList<string> types, EventAudience audience, CancellationToken cancellationToken = default)
    {
        // Dapper's list expansion is not used (it differs between providers): one parameter per type.
        var parameters = new DynamicParameters(new { beforeSeq = beforeSeq ?? long.MaxValue, limit, audienceUserId = audience.UserId });
        for (var i = 0; i < types.Count; i++) parameters.Add($"type{i}", types[i]);
        var typeFilter = types.Count == 0 ? "" : " AND (" + string.Join(" OR ", types.Select((_, i) => $"type = @type{i}")) + ")";
        return QueryAsync($"""
            SELECT {Columns} FROM activity_events
            WHERE seq < @beforeSeq AND {audience.SqlPredicate}{typeFilter}
            ORDER BY seq DESC LIMIT @limit
            """, parameters, cancellationToken);
    }

    /// <summary>The sequenced event <paramref name="seq"/> if it exists and the audience may see it.</summary>
    public async Task<StoredEvent?> FindAsync(long seq, EventAudience audience, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM activity_events WHERE seq = @seq AND {audience.SqlPredicate}",
            new { seq, audienceUserId = audience.UserId }, cancellationToken)).SingleOrDefault();

    /// <summary>The event appended as row <paramref name="id"/> (<see cref="EventOutbox.AppendAsync(Tx, EventDraft, DateTimeOffset)"/>), once it is sequenced.</summary>
    public async Task<StoredEvent?> FindSequencedAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM activity_events WHERE id = @id AND seq IS NOT NULL", new { id }, cancellationToken)).SingleOrDefault();

    /// <summary>The oldest retained and the newest sequence numbers (both in one statement, so they agree).</summary>
    public async Task<EventWindow> ReadWindowAsync(CancellationToken cancellationToken = default)
    {
        var (oldest, newest) = await database.ReadAsync(c => c.QuerySingleAsync<(long? Oldest, long? Newest)>(
            "SELECT min(seq), max(seq) FROM activity_events"), cancellationToken);
        var highWaterMark = newest ?? 0;
        return new EventWindow(oldest ?? highWaterMark + 1, highWaterMark);
    }

    public async Task<long> HighWaterMarkAsync(CancellationToken cancellationToken = default) =>
        (await ReadWindowAsync(cancellationToken)).HighWaterMark;

    public async Task<long> OldestRetainedSeqAsync(CancellationToken cancellationToken = default) =>
        (await ReadWindowAsync(cancellationToken)).OldestRetainedSeq;

    private async Task<IReadOnlyList<StoredEvent>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<(long Seq, string Type, string Visibility, Guid? UserId, string? BotId, string Payload, DateTimeOffset At)>(
            sql, parameters), cancellationToken);
        return rows.Select(r => new StoredEvent(r.Seq, r.Type, StoredEvent.ParseVisibility(r.Visibility), r.UserId, r.BotId, r.Payload, r.At)).ToArray();
    }
}
