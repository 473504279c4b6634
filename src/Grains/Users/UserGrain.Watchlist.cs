namespace Arena.Grains.Users;

// Watchlist (seed 004 user_watchlists). Every write is one version-checked commit; the state holds
// the list in WatchlistRules.Ordered order, which is what every reader sees.
public sealed partial class UserGrain
{
    private const string InsertWatchlistEntrySql = """
        INSERT INTO user_watchlists (id, user_id, symbol, exchange, notes, added_at)
        VALUES (@Id, @UserId, @Symbol, @Exchange, @Notes, @AddedAt)
        """;

    public Task<Result<ImmutableList<WatchlistEntry>>> GetWatchlist() =>
        Task.FromResult<Result<ImmutableList<WatchlistEntry>>>(state is null ? Missing : state.Watchlist);

    public async Task<Result<WatchlistEntry>> AddToWatchlist(WatchlistItem item)
    {
        if (state is null) return Missing;
        var planned = WatchlistRules.PlanAdd(item, state.Watchlist, clock.Now());
        if (!planned.IsOk) return planned;
        var entry = planned.Value!;
        await Commit(
            tx => InsertWatchlistEntries(tx, [entry]),
            s => s with { Watchlist = WatchlistRules.Ordered(s.Watchlist.Add(entry)) });
        return entry;
    }

    public async Task<Result<WatchlistEntry>> RemoveFromWatchlist(string symbol)
    {
        if (state is null) return Missing;
        var normalized = WatchlistRules.NormalizeSymbol(symbol);
        if (!WatchlistRules.IsSymbol(normalized)) return Rejection.Invalid("symbol", WatchlistRules.SymbolRule);
        var entry = state.Watchlist.Find(e => e.Symbol == normalized);
        if (entry is null) return Rejection.NotFound($"{normalized} is not on your watchlist.");
        await Commit(
            tx => tx.ExecuteAsync("DELETE FROM user_watchlists WHERE user_id = @id AND symbol = @symbol", new { id = state.Account.Id, symbol = normalized }),
            s => s with { Watchlist = s.Watchlist.Remove(entry) });
        return entry;
    }

    public async Task<Result<ImmutableList<WatchlistEntry>>> ReplaceWatchlist(IReadOnlyList<WatchlistItem?>? items)
    {
        if (state is null) return Missing;
        var planned = WatchlistRules.PlanReplace(items, state.Watchlist, clock.Now());
        if (!planned.IsOk) return planned.Rejection!;
        var next = planned.Value!;
        if (next.SequenceEqual(state.Watchlist)) return next;

        // The state is what the database holds (the version check guarantees it), so the diff is exact.
        var before = state.Watchlist.ToDictionary(e => e.Symbol, StringComparer.Ordinal);
        var after = next.Select(e => e.Symbol).ToHashSet(StringComparer.Ordinal);
        var removed = before.Keys.Where(s => !after.Contains(s)).ToArray();
        var changed = next.Where(e => before.TryGetValue(e.Symbol, out var old) && old != e).ToArray();
        var added = next.Where(e => !before.ContainsKey(e.Symbol)).ToArray();
        var id = state.Account.Id;
        await Commit(async tx =>
        {
            if (removed.Length > 0)
                await tx.ExecuteAsync("DELETE FROM user_watchlists WHERE user_id = @id AND symbol = @symbol", removed.Select(symbol => new { id, symbol }));
            if (changed.Length > 0)
                await tx.ExecuteAsync(
                    "UPDATE user_watchlists SET exchange = @Exchange, notes = @Notes WHERE user_id = @id AND symbol = @Symbol",
                    changed.Select(e => new { id, e.Symbol, e.Exchange, e.Notes }));
            await InsertWatchlistEntries(tx, added);
        }, s => s with { Watchlist = next });
        return next;
    }

    public async Task<Result<WatchlistMerge>> MergeIntoWatchlist(IReadOnlyList<WatchlistItem?>? items)
    {
        if (state is null) return Missing;
        var planned = WatchlistRules.PlanMerge(items, state.Watchlist, clock.Now());
        if (!planned.IsOk || planned.Value!.Added.Count == 0) return planned;
        var added = planned.Value.Added;
        await Commit(
            tx => InsertWatchlistEntries(tx, added),
            s => s with { Watchlist = WatchlistRules.Ordered(s.Watchlist.AddRange(added)) });
        return planned;
    }

    /// <summary>Inserts new entries; a feature that commits several changes at once (an import) composes it into its own write.</summary>
    private async Task InsertWatchlistEntries(Tx tx, IReadOnlyCollection<WatchlistEntry> entries)
    {
        if (entries.Count == 0) return;
        var userId = state!.Account.Id;
        await tx.ExecuteAsync(InsertWatchlistEntrySql,
            entries.Select(e => new { Id = Guid.CreateVersion7(e.AddedAt), UserId = userId, e.Symbol, e.Exchange, e.Notes, e.AddedAt }));
    }
}
