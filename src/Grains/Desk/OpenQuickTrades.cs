namespace Arena.Grains.Desk;

/// <summary>
/// Every open quick trade this silo knows of, per user, with the desk version it was seen at. Desk grains on this silo
/// publish each commit; <see cref="DeskRiskWatch"/> loads all open trades at start and re-reads them periodically for
/// other silos' changes. A newer version always wins, and a read never clears a desk published after the read began, so
/// a periodic read that raced a local commit cannot undo it. The map is only a trigger: a user it names is asked to
/// <see cref="IDeskGrain.CheckRisk"/>, which decides on its own state.
/// </summary>
public sealed class OpenQuickTrades
{
    private sealed record Entry(long Version, ImmutableList<QuickTrade> Trades, long Stamp);

    private readonly ConcurrentDictionary<Guid, Entry> desks = new();
    private long stamps;

    public void Publish(Guid userId, long version, ImmutableList<QuickTrade> open)
    {
        var stamp = Interlocked.Increment(ref stamps);
        desks.AddOrUpdate(userId, _ => new Entry(version, open, stamp), (_, current) => version >= current.Version ? new Entry(version, open, stamp) : current);
    }

    /// <summary>Taken before a full read: what <see cref="Refresh"/> may clear is what was published before it.</summary>
    public long Mark() => Interlocked.Read(ref stamps);

    /// <summary>Merges a full read of the open trades (taken after <paramref name="mark"/>): a desk with none is cleared unless published since.</summary>
    public void Refresh(long mark, IEnumerable<(Guid UserId, long Version, QuickTrade Trade)> rows)
    {
        var read = rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (g.First().Version, Trades: g.Select(r => r.Trade).ToImmutableList()));
        foreach (var (userId, (version, trades)) in read) Publish(userId, version, trades);
        foreach (var (userId, entry) in desks)
            if (!read.ContainsKey(userId) && entry.Stamp <= mark) desks.TryRemove(KeyValuePair.Create(userId, entry));
    }

    public IEnumerable<KeyValuePair<Guid, ImmutableList<QuickTrade>>> WithTrades =>
        desks.Where(d => !d.Value.Trades.IsEmpty).Select(d => KeyValuePair.Create(d.Key, d.Value.Trades));
}
