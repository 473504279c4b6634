namespace Arena.Grains.Users;

/// <summary>
/// Watchlist commands (seed 004 <c>user_watchlists</c>). The state holds the list in <see cref="WatchlistRules.Ordered"/>
/// order, which is what every reader sees. Pure: the rules plan, this decides the rows.
/// </summary>
public static class WatchlistChanges
{
    public static Result<UserDecision<WatchlistEntry>> Add(UserState s, WatchlistItem item, DateTimeOffset now)
    {
        var planned = WatchlistRules.PlanAdd(item, s.Watchlist, now);
        if (!planned.IsOk) return planned.Rejection!;
        var entry = planned.Value!;
        return UserDecision.Write(entry, s with { Watchlist = WatchlistRules.Ordered(s.Watchlist.Add(entry)) },
            tx => UserRows.InsertWatchlistAsync(tx, s.Account.Id, [entry]));
    }

    public static Result<UserDecision<WatchlistEntry>> Remove(UserState s, string symbol)
    {
        var errors = new FieldErrors();
        var normalized = WatchlistRules.CheckSymbol(symbol, errors);
        if (errors.Any) return errors.ToRejection();
        var entry = s.Watchlist.Find(e => e.Symbol == normalized);
        if (entry is null) return Rejection.NotFound($"{normalized} is not on your watchlist.");
        return UserDecision.Write(entry, s with { Watchlist = s.Watchlist.Remove(entry) },
            tx => UserRows.DeleteWatchlistAsync(tx, s.Account.Id, [normalized]));
    }

    public static Result<UserDecision<ImmutableList<WatchlistEntry>>> Replace(UserState s, IReadOnlyList<WatchlistItem?>? items, DateTimeOffset now)
    {
        var planned = WatchlistRules.PlanReplace(items, s.Watchlist, now);
        if (!planned.IsOk) return planned.Rejection!;
        var next = planned.Value!;
        if (next.SequenceEqual(s.Watchlist)) return UserDecision.Reply(next);

        // The state is what the database holds (the version check guarantees it), so the diff is exact.
        var before = s.Watchlist.ToDictionary(e => e.Symbol, StringComparer.Ordinal);
        var after = next.Select(e => e.Symbol).ToHashSet(StringComparer.Ordinal);
        var removed = before.Keys.Where(symbol => !after.Contains(symbol)).ToArray();
        var changed = next.Where(e => before.TryGetValue(e.Symbol, out var old) && old != e).ToArray();
        var added = next.Where(e => !before.ContainsKey(e.Symbol)).ToArray();
        var id = s.Account.Id;
        return UserDecision.Write(next, s with { Watchlist = next }, async tx =>
        {
            await UserRows.DeleteWatchlistAsync(tx, id, removed);
            await UserRows.UpdateWatchlistAsync(tx, id, changed);
            await UserRows.InsertWatchlistAsync(tx, id, added);
        });
    }

    public static Result<UserDecision<WatchlistMerge>> Merge(UserState s, IReadOnlyList<WatchlistItem?>? items, DateTimeOffset now)
    {
        var planned = WatchlistRules.PlanMerge(items, s.Watchlist, now);
        if (!planned.IsOk) return planned.Rejection!;
        var merge = planned.Value!;
        if (merge.Added.Count == 0) return UserDecision.Reply(merge);
        return UserDecision.Write(merge, s with { Watchlist = WatchlistRules.Ordered(s.Watchlist.AddRange(merge.Added)) },
            tx => UserRows.InsertWatchlistAsync(tx, s.Account.Id, merge.Added));
    }
}
