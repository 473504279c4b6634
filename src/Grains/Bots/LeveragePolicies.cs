namespace Arena.Grains.Bots;

/// <summary>
/// The per-symbol leverage caps (<c>leverage_policies</c>), cached for 30 s; the admin API invalidates
/// the cache on change, and other silos pick it up on NOTIFY or at expiry.
/// </summary>
public sealed class LeveragePolicies(Database database, TimeProvider clock)
{
    public const string ChangeChannel = "arena_leverage_changed";
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);
    private volatile Cached? cache;

    private sealed record Cached(IReadOnlyDictionary<string, int> Limits, DateTimeOffset LoadedAt);

    public async ValueTask<IReadOnlyDictionary<string, int>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var current = cache;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < RefreshAfter) return current.Limits;
        var rows = await database.ReadAsync(c => c.QueryAsync<(string Symbol, long MaxLeverage)>(
            "SELECT symbol, max_leverage FROM leverage_policies"), cancellationToken);
        var limits = rows.ToDictionary(r => r.Symbol, r => (int)r.MaxLeverage, StringComparer.Ordinal);
        cache = new Cached(limits, clock.GetUtcNow());
        return limits;
    }

    public void Invalidate() => cache = null;
}
