using Arena.Grains.Common;
using Arena.Grains.Persistence;

namespace Arena.Grains.Auth;

/// <summary>
/// Failed sign-ins, counted in the database so every silo applies the same limits, under three keys per attempt:
/// <list type="bullet">
/// <item>the (account, client address) pair: past <see cref="AuthOptions.FailuresBeforeDelay"/> failures each further one
/// makes that pair wait, <see cref="AuthOptions.FirstSignInDelay"/> doubling up to <see cref="AuthOptions.MaxSignInDelay"/>;
/// a success clears it;</item>
/// <item>the client address across accounts (credential stuffing): <see cref="AuthOptions.MaxFailuresPerAddress"/>
/// failures lock the address for <see cref="AuthOptions.LockoutDuration"/>;</item>
/// <item>the account across addresses: past <see cref="AuthOptions.MaxFailuresPerAccount"/> failures it is under attack,
/// and every address failing on it again waits at least <see cref="AuthOptions.LockoutDuration"/>.</item>
/// </list>
/// The account's count alone never blocks anyone, so failures elsewhere cannot lock the owner out of an address that has
/// none. Unknown accounts are counted like known ones (by the login as typed), so the answers reveal nothing about which exist.
/// </summary>
public sealed class LoginThrottle(Database database, TimeProvider clock, IOptions<AuthOptions> options)
{
    // A pair's failures are forgotten one window after its last failure or, when it was made to wait, after that wait ended.
    private const string PairForgotten = "COALESCE(login_throttle.blocked_until, login_throttle.window_started_at) < @forgetBefore";

    private readonly AuthOptions auth = options.Value;

    /// <summary>The account's key: its id when it exists (so email and username share one count), else the login as typed.</summary>
    public static string AccountKey(Guid? accountId, string login) =>
        accountId is { } id ? "account:" + id.ToString("D") : "login:" + login.Trim().ToLowerInvariant();

    public static string AddressKey(string? address) => "address:" + (address ?? "unknown");

    public static string PairKey(string accountKey, string addressKey) => accountKey + "|" + addressKey;

    /// <summary>
    /// The wait a pair owes after its <paramref name="failures"/>-th failure: none for the first
    /// <see cref="AuthOptions.FailuresBeforeDelay"/> (one while the account is under attack, for the owner's typo), then
    /// doubling; under attack at least <see cref="AuthOptions.LockoutDuration"/>.
    /// </summary>
    public static TimeSpan? DelayAfter(int failures, bool accountUnderAttack, AuthOptions auth)
    {
        var free = accountUnderAttack ? Math.Min(1, auth.FailuresBeforeDelay) : auth.FailuresBeforeDelay;
        if (failures <= free) return null;
        var doubled = auth.FirstSignInDelay.Ticks * Math.Pow(2, Math.Min(failures - free - 1, 40));
        var delay = TimeSpan.FromTicks((long)Math.Min(auth.MaxSignInDelay.Ticks, doubled));
        return accountUnderAttack && delay < auth.LockoutDuration ? auth.LockoutDuration : delay;
    }

    /// <summary>How long until this address may try this account again, or null if it may now.</summary>
    public async Task<TimeSpan?> BlockedForAsync(string accountKey, string addressKey, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        var pairKey = PairKey(accountKey, addressKey);
        var until = await database.ReadAsync(c => c.QueryAsync<DateTimeOffset>(
            "SELECT blocked_until FROM login_throttle WHERE (scope_key = @pairKey OR scope_key = @addressKey) AND blocked_until > @now",
            new { pairKey, addressKey, now }), cancellationToken);
        var latest = until.DefaultIfEmpty().Max();
        return latest > now ? latest - now : null;
    }

    public async Task RecordFailureAsync(string accountKey, string addressKey, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        var windowStart = now - auth.ThrottleWindow;
        var pairKey = PairKey(accountKey, addressKey);
        await database.InTransactionAsync(async tx =>
        {
            var accountFailures = await CountInWindowAsync(tx, accountKey, now, windowStart);
            if (await CountInWindowAsync(tx, addressKey, now, windowStart) >= auth.MaxFailuresPerAddress)
                await BlockAsync(tx, addressKey, now + auth.LockoutDuration, resetCount: true, now);

            var pairFailures = await tx.ExecuteScalarAsync<int>($"""
                INSERT INTO login_throttle (scope_key, failures, window_started_at, blocked_until)
                VALUES (@pairKey, 1, @now, NULL)
                ON CONFLICT (scope_key) DO UPDATE SET
                    failures = CASE WHEN {PairForgotten} THEN 1 ELSE login_throttle.failures + 1 END,
                    blocked_until = CASE WHEN {PairForgotten} THEN NULL ELSE login_throttle.blocked_until END,
                    window_started_at = @now
                RETURNING failures
                """, new { pairKey, now, forgetBefore = windowStart });
            if (DelayAfter(pairFailures, accountFailures >= auth.MaxFailuresPerAccount, auth) is { } delay)
                await BlockAsync(tx, pairKey, now + delay, resetCount: false, now);
        }, cancellationToken);
    }

    /// <summary>A success from this address clears its pair; the account's and the address's counts run out with their window.</summary>
    public Task ResetAsync(string accountKey, string addressKey, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => tx.ExecuteAsync("DELETE FROM login_throttle WHERE scope_key = @pairKey",
            new { pairKey = PairKey(accountKey, addressKey) }), cancellationToken);

    /// <summary>Deletes rows whose window and wait have both passed.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var forgetBefore = clock.Now() - auth.ThrottleWindow;
        return database.InTransactionAsync(tx => tx.ExecuteAsync(
            $"DELETE FROM login_throttle WHERE {PairForgotten} AND login_throttle.window_started_at < @forgetBefore",
            new { forgetBefore }), cancellationToken);
    }

    /// <summary>Counts a failure in the key's fixed window (a new window starts once the old one has passed); returns the count.</summary>
    private static Task<int> CountInWindowAsync(Tx tx, string key, DateTimeOffset now, DateTimeOffset windowStart) =>
        tx.ExecuteScalarAsync<int>("""
            INSERT INTO login_throttle (scope_key, failures, window_started_at, blocked_until)
            VALUES (@key, 1, @now, NULL)
            ON CONFLICT (scope_key) DO UPDATE SET
                failures = CASE WHEN login_throttle.window_started_at < @windowStart THEN 1 ELSE login_throttle.failures + 1 END,
                window_started_at = CASE WHEN login_throttle.window_started_at < @windowStart THEN @now ELSE login_throttle.window_started_at END
            RETURNING failures
            """, new { key, now, windowStart });

    private static Task BlockAsync(Tx tx, string key, DateTimeOffset until, bool resetCount, DateTimeOffset now) =>
        tx.ExecuteAsync(resetCount
                ? "UPDATE login_throttle SET blocked_until = @until, failures = 0, window_started_at = @now WHERE scope_key = @key"
                : "UPDATE login_throttle SET blocked_until = @until WHERE scope_key = @key",
            new { key, until, now });
}
