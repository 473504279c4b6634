using System.Text.RegularExpressions;
using Arena.Grains.Events;
using Arena.Grains.Market;

namespace Arena.Grains.Bots;

public sealed record LeveragePolicy(string Symbol, int MaxLeverage, DateTimeOffset UpdatedAt);

/// <summary>What <see cref="LeveragePolicyStore.SetAsync"/> did: the policy as stored, and whether it is new.</summary>
public sealed record LeveragePolicyWrite(LeveragePolicy Policy, bool Created);

/// <summary>
/// The <c>leverage_policies</c> table as the admin API edits it. A policy caps the leverage a decision may use
/// for one market symbol, on top of each bot's own <c>maxLeverage</c>. Every change commits with a NOTIFY on
/// <see cref="LeveragePolicies.ChangeChannel"/> (other silos drop their cache) and then drops this silo's cache,
/// so the next decision validated anywhere sees it. Writes are last-writer-wins: a policy is one number.
/// </summary>
public sealed partial class LeveragePolicyStore(Database database, TimeProvider clock, IMarketFeed market, LeveragePolicies cache)
{
    public const int MinLeverage = 1;
    public const int MaxLeverage = 125;

    [GeneratedRegex("^[A-Z0-9]{2,30}$")]
    private static partial Regex SymbolPattern();

    /// <summary>The stored form of a symbol: trimmed and upper-case (Binance's spelling).</summary>
    public static string Normalize(string? symbol) => (symbol ?? "").Trim().ToUpperInvariant();

    public async Task<IReadOnlyList<LeveragePolicy>> ListAsync(CancellationToken cancellationToken = default) =>
        (await database.ReadAsync(c => c.QueryAsync<PolicyRow>($"{Select} ORDER BY symbol"), cancellationToken)).Select(r => r.ToPolicy()).ToArray();

    public async Task<Result<LeveragePolicy>> GetAsync(string symbol, CancellationToken cancellationToken = default)
    {
        symbol = Normalize(symbol);
        var row = await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<PolicyRow>($"{Select} WHERE symbol = @symbol", new { symbol }), cancellationToken);
        return row is null ? Missing(symbol) : row.ToPolicy();
    }

    /// <summary>The form of a policy, checked before the market is asked whether it knows the symbol.</summary>
    public static void Check(string? symbol, int? maxLeverage, FieldErrors errors)
    {
        if (!SymbolPattern().IsMatch(Normalize(symbol))) errors.Add("symbol", "A symbol is 2-30 letters and digits, like BTCUSDT.");
        if (maxLeverage is not (>= MinLeverage and <= MaxLeverage))
            errors.Add("maxLeverage", $"Max leverage is required and must be a whole number from {MinLeverage} to {MaxLeverage}.");
    }

    /// <summary>Creates or replaces the policy of a known market symbol.</summary>
    public async Task<Result<LeveragePolicyWrite>> SetAsync(string symbol, int? maxLeverage, AdminActor? by = null, CancellationToken cancellationToken = default)
    {
        symbol = Normalize(symbol);
        var errors = new FieldErrors();
        Check(symbol, maxLeverage, errors);
        if (errors.Any) return errors.ToRejection();

        var now = clock.Now();
        var written = await database.InTransactionAsync<Result<LeveragePolicyWrite>>(async tx =>
        {
            if (!await IsKnownSymbolAsync(tx, symbol))
                return Rejection.Invalid("symbol", $"'{symbol}' is not a market symbol; known: {string.Join(", ", market.Symbols.Select(s => s.Symbol))}.");
            var existed = await tx.ExecuteScalarAsync<long>("SELECT count(*) FROM leverage_policies WHERE symbol = @symbol", new { symbol }) > 0;
            await tx.ExecuteAsync("""
                INSERT INTO leverage_policies (symbol, max_leverage, updated_at) VALUES (@symbol, @maxLeverage, @now)
                ON CONFLICT (symbol) DO UPDATE SET max_leverage = excluded.max_leverage, updated_at = excluded.updated_at
                """, new { symbol, maxLeverage, now });
            await AdminAudit.AppendAsync(tx, by, "leverage-policies", symbol, existed ? "updated" : "created", now);
            tx.NotifyOnCommit(LeveragePolicies.ChangeChannel, symbol);
            return new LeveragePolicyWrite(new LeveragePolicy(symbol, maxLeverage!.Value, now), !existed);
        }, cancellationToken);
        // After the commit, not before: a reload between an early invalidation and the commit would cache the old cap.
        cache.Invalidate();
        return written;
    }

    /// <summary>
    /// Inserts a policy in the caller's transaction unless the symbol has one (how the demo arena seeds its caps). No audit
    /// and no cache invalidation: it runs before any bot of this database trades.
    /// </summary>
    public static Task AddIfAbsentAsync(Tx tx, string symbol, int maxLeverage, DateTimeOffset now) =>
        tx.ExecuteAsync("INSERT INTO leverage_policies (symbol, max_leverage, updated_at) VALUES (@symbol, @maxLeverage, @now) ON CONFLICT (symbol) DO NOTHING",
            new { symbol, maxLeverage, now });

    /// <summary>Removes a symbol's policy: its decisions are then capped by each bot's own max leverage only.</summary>
    public async Task<Result<bool>> DeleteAsync(string symbol, AdminActor? by = null, CancellationToken cancellationToken = default)
    {
        symbol = Normalize(symbol);
        var deleted = await database.InTransactionAsync(async tx =>
        {
            if (await tx.ExecuteAsync("DELETE FROM leverage_policies WHERE symbol = @symbol", new { symbol }) == 0) return false;
            await AdminAudit.AppendAsync(tx, by, "leverage-policies", symbol, "deleted", clock.Now());
            tx.NotifyOnCommit(LeveragePolicies.ChangeChannel, symbol);
            return true;
        }, cancellationToken);
        if (!deleted) return Missing(symbol);
        cache.Invalidate();
        return true;
    }

    // Known: the silo's market feed trades it, or it is configured in market_symbols (a feed that has not
    // refreshed its symbols yet, or a Binance feed whose exchange lists it, still gets the policy).
    private async Task<bool> IsKnownSymbolAsync(Tx tx, string symbol) =>
        market.TryGetSymbol(symbol, out _)
        || await tx.ExecuteScalarAsync<long>("SELECT count(*) FROM market_symbols WHERE symbol = @symbol", new { symbol }) > 0;

    private const string Select = "SELECT symbol, max_leverage, updated_at FROM leverage_policies";

    private sealed class PolicyRow
    {
        public string Symbol { get; init; } = "";
        public int MaxLeverage { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public LeveragePolicy ToPolicy() => new(Symbol, MaxLeverage, UpdatedAt);
    }

    private static Rejection Missing(string symbol) => Rejection.NotFound($"There is no leverage policy for '{symbol}'.");
}
