namespace Arena.Grains.Users;

public partial interface IUserGrain
{
    /// <summary>The watchlist, oldest entry first (then by symbol).</summary>
    Task<Result<ImmutableList<WatchlistEntry>>> GetWatchlist();

    /// <summary>Adds one symbol; a symbol already on the list, or a full list, is a conflict.</summary>
    Task<Result<WatchlistEntry>> AddToWatchlist(WatchlistItem item);

    /// <summary>Removes a symbol (matched after normalizing, so case does not matter); not found if absent. Returns the removed entry.</summary>
    Task<Result<WatchlistEntry>> RemoveFromWatchlist(string symbol);

    /// <summary>Replaces the whole list in one write; symbols that stay keep their <c>addedAt</c>.</summary>
    Task<Result<ImmutableList<WatchlistEntry>>> ReplaceWatchlist(IReadOnlyList<WatchlistItem?>? items);

    /// <summary>
    /// Adds, in one write, the items whose symbols are not on the list yet, and reports which were added
    /// and which skipped; existing entries are never changed (for imports of older client-side data).
    /// </summary>
    Task<Result<WatchlistMerge>> MergeIntoWatchlist(IReadOnlyList<WatchlistItem?>? items);
}
