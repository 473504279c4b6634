namespace Arena.Grains.Signals;

/// <summary>One <c>signal_actions</c> row as its user reads it.</summary>
[GenerateSerializer, Immutable]
public sealed record SignalActionView([Id(0)] long Id, [Id(1)] long? SignalId, [Id(2)] SignalActionKind Action, [Id(3)] Guid? QuickTradeId,
    [Id(4)] Guid? CopyRunId, [Id(5)] string? Detail, [Id(6)] DateTimeOffset CreatedAt);

/// <summary>
/// Reads signals (public) and a user's signal actions (scoped by the user), and runs a status move in its own transaction
/// (<see cref="SignalRows.MoveAsync"/>, the market watcher's path; a bot's closes move them in the turn's transaction).
/// </summary>
public sealed class SignalStore(Database database)
{
    /// <summary>The signal with this id, or null.</summary>
    public async Task<SignalView?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<SignalRow>($"SELECT {SignalRow.Columns} FROM signals WHERE id = @id", new { id }),
            cancellationToken))?.ToView();

    /// <summary>The signals with these ids (those that exist), in no particular order.</summary>
    public async Task<IReadOnlyList<SignalView>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return [];
        var found = new List<SignalView>(ids.Count);
        // Dapper hands Npgsql the array itself (= ANY) and expands it for SQLite (IN), in chunks under SQLite's parameter limit.
        var match = database.Dialect == SqlDialect.Postgres ? "id = ANY(@chunk)" : "id IN @chunk";
        foreach (var chunk in ids.Distinct().Chunk(200))
            found.AddRange((await database.ReadAsync(c => c.QueryAsync<SignalRow>(
                $"SELECT {SignalRow.Columns} FROM signals WHERE {match}", new { chunk }), cancellationToken)).Select(r => r.ToView()));
        return found;
    }

    /// <summary>One page of signals, newest first (<c>ORDER BY id DESC</c>: ids are identities).</summary>
    public async Task<Page<SignalView>> ListAsync(SignalFilter filter, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder($"SELECT {SignalRow.Columns} FROM signals WHERE id < @before");
        if (filter.BotId is not null) sql.Append(" AND bot_id = @BotId");
        if (filter.Symbol is not null) sql.Append(" AND symbol = @Symbol");
        if (filter.Direction is not null) sql.Append(" AND direction = @direction");
        if (filter.Status is not null) sql.Append(" AND status = @status");
        sql.Append(" ORDER BY id DESC LIMIT @take");
        var rows = await database.ReadAsync(c => c.QueryAsync<SignalRow>(sql.ToString(), new
        {
            before = filter.Page.BeforeOrMax, filter.BotId, filter.Symbol, direction = WireEnum<SignalDirection>.Name(filter.Direction),
            status = WireEnum<SignalStatus>.Name(filter.Status), take = filter.Page.Limit + 1,
        }), cancellationToken);
        return filter.Page.ToPage(rows.Select(r => r.ToView()).ToArray(), SignalQueries.SignalsScope, s => s.Id);
    }

    /// <summary>Every active signal (the partial index <c>signals_active_idx</c>): what the market watcher keeps in memory.</summary>
    public async Task<IReadOnlyList<SignalView>> ActiveAsync(CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<SignalRow>($"SELECT {SignalRow.Columns} FROM signals WHERE status = 'active' ORDER BY id"),
            cancellationToken)).Select(r => r.ToView()).ToArray();

    /// <summary>Moves an active signal once (see <see cref="SignalRows.MoveAsync"/>); null when it was no longer active.</summary>
    public Task<SignalView?> MoveAsync(long id, SignalStatus status, decimal? price, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => SignalRows.MoveAsync(tx, id, status, price, at), cancellationToken);

    /// <summary>A page of <paramref name="userId"/>'s own signal actions, newest first.</summary>
    public async Task<Page<SignalActionView>> ActionsAsync(Guid userId, PageRequest page, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<ActionRow>("""
            SELECT id, signal_id, action, quick_trade_id, copy_run_id, detail, created_at FROM signal_actions
            WHERE user_id = @userId AND id < @before ORDER BY id DESC LIMIT @take
            """, new { userId, before = page.BeforeOrMax, take = page.Limit + 1 }), cancellationToken);
        return page.ToPage(rows.Select(r => new SignalActionView(r.Id, r.SignalId, WireEnum<SignalActionKind>.ParseOrNull(r.Action) ?? SignalActionKind.Track,
            r.QuickTradeId, r.CopyRunId, r.Detail, r.CreatedAt)).ToArray(), SignalQueries.ActionsScope, a => a.Id);
    }

    private sealed class ActionRow
    {
        public long Id { get; set; }
        public long? SignalId { get; set; }
        public string Action { get; set; } = "";
        public Guid? QuickTradeId { get; set; }
        public Guid? CopyRunId { get; set; }
        public string? Detail { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
    }
}
