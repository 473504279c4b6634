using Arena.Grains.Common;
using Arena.Grains.Persistence;

namespace Arena.Grains.Auth;

public enum AuthMethod { Password, Wallet }

/// <summary>Who a valid session token belongs to.</summary>
public sealed record SessionPrincipal(Guid SessionId, Guid UserId, string Role, DateTimeOffset ExpiresAt);

public sealed record SessionInfo(Guid Id, string AuthMethod, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? ClientAddress);

public sealed record NewSession(string Token, Guid SessionId, DateTimeOffset ExpiresAt, DateTimeOffset AbsoluteExpiresAt);

/// <summary>
/// Sessions live outside the user aggregate (see 0001_users). Every request checks its token here,
/// against the database, so a revoked token is dead on every silo at once.
/// </summary>
public sealed class SessionStore(Database database, TimeProvider clock, IOptions<AuthOptions> options)
{
    // last_seen_at is written at most this often per session, so reads stay reads.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);
    private readonly AuthOptions auth = options.Value;

    /// <summary>Starts a session; <paramref name="alsoWrite"/> runs in the same transaction (a sign-in history row).</summary>
    public async Task<NewSession> CreateAsync(Guid userId, AuthMethod method, string? userAgent, string? clientAddress, Func<Tx, Task>? alsoWrite = null, CancellationToken cancellationToken = default)
    {
        var token = SessionToken.New();
        var now = clock.Now();
        var id = Guid.CreateVersion7(now);
        var expires = now + auth.SessionLifetime;
        await database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("""
                INSERT INTO sessions (id, user_id, token_hash, auth_method, created_at, last_seen_at, expires_at, user_agent, client_address)
                VALUES (@id, @userId, @hash, @method, @now, @now, @expires, @userAgent, @clientAddress)
                """,
                new
                {
                    id, userId, hash = SessionToken.Hash(token), method = method == AuthMethod.Wallet ? "wallet" : "password",
                    now, expires, userAgent = Truncate(userAgent, 256), clientAddress = Truncate(clientAddress, 64),
                });
            if (alsoWrite is not null) await alsoWrite(tx);
        }, cancellationToken);
        return new NewSession(token, id, EffectiveExpiry(expires, now), expires);
    }

    public async Task<SessionPrincipal?> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!SessionToken.LooksValid(token)) return null;
        var now = clock.Now();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid UserId, string Role, DateTimeOffset ExpiresAt, DateTimeOffset LastSeenAt)>("""
            SELECT s.id, s.user_id, u.role, s.expires_at, s.last_seen_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = @hash AND s.revoked_at IS NULL AND s.expires_at > @now
            """, new { hash = SessionToken.Hash(token), now });
        if (row.Id == Guid.Empty || row.LastSeenAt + auth.SessionIdleTimeout <= now) return null;
        if (now - row.LastSeenAt >= TouchInterval)
            await connection.ExecuteAsync("UPDATE sessions SET last_seen_at = @now WHERE id = @id", new { now, id = row.Id });
        return new SessionPrincipal(row.Id, row.UserId, row.Role, EffectiveExpiry(row.ExpiresAt, now));
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        var idleCutoff = now - auth.SessionIdleTimeout;
        return await database.ReadAsync(async c => (await c.QueryAsync<SessionInfo>("""
            SELECT id, auth_method AS AuthMethod, created_at AS CreatedAt, last_seen_at AS LastSeenAt, expires_at AS ExpiresAt,
                   user_agent AS UserAgent, client_address AS ClientAddress
            FROM sessions
            WHERE user_id = @userId AND revoked_at IS NULL AND expires_at > @now AND last_seen_at > @idleCutoff
            ORDER BY created_at DESC, id DESC
            """, new { userId, now, idleCutoff })).ToArray(), cancellationToken);
    }

    /// <summary>Revokes one of the user's sessions; false when it is not theirs or already ended.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        var rows = await database.InTransactionAsync(tx => tx.ExecuteAsync(
            "UPDATE sessions SET revoked_at = @now WHERE id = @sessionId AND user_id = @userId AND revoked_at IS NULL",
            new { now, sessionId, userId }), cancellationToken);
        return rows == 1;
    }

    /// <summary>Revokes every session of the user except <paramref name="keep"/>; returns how many ended.</summary>
    public async Task<int> RevokeOthersAsync(Guid userId, Guid keep, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        return await database.InTransactionAsync(tx => tx.ExecuteAsync(
            "UPDATE sessions SET revoked_at = @now WHERE user_id = @userId AND id <> @keep AND revoked_at IS NULL",
            new { now, userId, keep }), cancellationToken);
    }

    private DateTimeOffset EffectiveExpiry(DateTimeOffset absolute, DateTimeOffset lastSeen)
    {
        var idle = lastSeen + auth.SessionIdleTimeout;
        return idle < absolute ? idle : absolute;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
