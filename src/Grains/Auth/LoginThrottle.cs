using Arena.Grains.Common;
using Arena.Grains.Persistence;

namespace Arena.Grains.Auth;

/// <summary>
/// Counts failed sign-ins per account and per client address in the database, so every silo
/// enforces the same limits. Unknown accounts are counted too: lockout must not reveal which exist.
/// </summary>
public sealed class LoginThrottle(Database database, TimeProvider clock, IOptions<AuthOptions> options)
{
    private readonly AuthOptions auth = options.Value;

    /// <summary>The account's key: its id when it exists (so email and username share one lock), else the login as typed.</summary>
    public static string AccountKey(Guid? accountId, string login) =>
        accountId is { } id ? "account:" + id.ToString("D") : "login:" + login.Trim().ToLowerInvariant();

    public static string AddressKey(string? address) => "address:" + (address ?? "unknown");

    /// <summary>How long until both keys are unlocked, or null if neither is locked.</summary>
    public async Task<TimeSpan?> BlockedForAsync(string accountKey, string addressKey, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        var until = await database.ReadAsync(c => c.QueryAsync<DateTimeOffset>(
            "SELECT blocked_until FROM login_throttle WHERE (scope_key = @accountKey OR scope_key = @addressKey) AND blocked_until > @now",
            new { accountKey, addressKey, now }), cancellationToken);
        var latest = until.DefaultIfEmpty().Max();
        return latest > now ? latest - now : null;
    }

    public async Task RecordFailureAsync(string accountKey, string addressKey, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        var windowStart = now - auth.ThrottleWindow;
        await database.InTransactionAsync(async tx =>
        {
            foreach (var (key, limit) in new[] { (accountKey, auth.MaxFailuresPerAccount), (addressKey, auth.MaxFailuresPerAddress) })
            {
                var failures = await tx.ExecuteScalarAsync<int>("""
                    INSERT INTO login_throttle (scope_key, failures, window_started_at, blocked_until)
                    VALUES (@key, 1, @now, NULL)
                    ON CONFLICT (scope_key) DO UPDATE SET
                        failures = CASE WHEN login_throttle.window_started_at < @windowStart THEN 1 ELSE login_throttle.failures + 1 END,
                        window_started_at = CASE WHEN login_throttle.window_started_at < @windowStart THEN @now ELSE login_throttle.window_started_at END
                    RETURNING failures
                    """, new { key, now, windowStart });
                if (failures >= limit)
                    await tx.ExecuteAsync("UPDATE login_throttle SET blocked_until = @until, failures = 0, window_started_at = @now WHERE scope_key = @key",
                        new { key, until = now + auth.LockoutDuration, now });
            }
        }, cancellationToken);
    }

    public Task ResetAsync(string accountKey, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(tx => tx.ExecuteAsync("DELETE FROM login_throttle WHERE scope_key = @accountKey AND blocked_until IS NULL", new { accountKey }), cancellationToken);

    /// <summary>Deletes rows whose window and lock have both passed.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        return database.InTransactionAsync(tx => tx.ExecuteAsync(
            "DELETE FROM login_throttle WHERE window_started_at < @windowStart AND (blocked_until IS NULL OR blocked_until < @now)",
            new { windowStart = now - auth.ThrottleWindow, now }), cancellationToken);
    }
}
