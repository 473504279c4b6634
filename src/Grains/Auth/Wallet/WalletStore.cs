using System.Security.Cryptography;

namespace Arena.Grains.Auth.Wallet;

public enum WalletAction { Link, Unlink, SignIn }

/// <summary>A challenge as stored: the nonce, who it was for, and the SHA-256 of the exact message issued.</summary>
public sealed record IssuedNonce(string Nonce, string Address, Guid? UserId, byte[] MessageSha256, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>One row of a user's wallet history; the address is lower-case.</summary>
public sealed record WalletConnection(Guid Id, string Address, WalletAction Action, int? ChainId, DateTimeOffset OccurredAt);

/// <summary>
/// Wallet rows outside any one user's state: challenge nonces, who owns an address, and the
/// connection history. Links themselves are user-aggregate writes (UserGrain.Wallets).
/// </summary>
public sealed class WalletStore(Database database)
{
    /// <summary>History rows returned at most, newest first.</summary>
    public const int HistoryLimit = 100;

    public static byte[] MessageHash(string message) => SHA256.HashData(Encoding.UTF8.GetBytes(message));

    /// <summary>Stores a new challenge and, in the same transaction, deletes the expired ones.</summary>
    public Task IssueAsync(IssuedNonce nonce, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("DELETE FROM wallet_nonces WHERE expires_at <= @now", new { now = nonce.IssuedAt });
            await tx.ExecuteAsync("""
                INSERT INTO wallet_nonces (nonce, address, user_id, message_sha256, issued_at, expires_at)
                VALUES (@Nonce, @Address, @UserId, @MessageSha256, @IssuedAt, @ExpiresAt)
                """, nonce);
        }, cancellationToken);

    public Task<IssuedNonce?> FindNonceAsync(string nonce, CancellationToken cancellationToken = default) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<IssuedNonce>("""
            SELECT nonce, address, user_id AS UserId, message_sha256 AS MessageSha256, issued_at AS IssuedAt, expires_at AS ExpiresAt, used_at AS UsedAt
            FROM wallet_nonces WHERE nonce = @nonce
            """, new { nonce }), cancellationToken);

    /// <summary>
    /// Marks the nonce used. The conditions are in the statement, so of two requests presenting the
    /// same message at once exactly one gets true.
    /// </summary>
    public async Task<bool> TryConsumeAsync(string nonce, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await database.InTransactionAsync(tx => tx.ExecuteAsync(
            "UPDATE wallet_nonces SET used_at = @now WHERE nonce = @nonce AND used_at IS NULL AND expires_at > @now",
            new { nonce, now }), cancellationToken) == 1;

    public Task<Guid?> FindOwnerAsync(string address, CancellationToken cancellationToken = default) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<Guid?>("SELECT user_id FROM user_wallets WHERE address = @address", new { address }), cancellationToken);

    public async Task<IReadOnlyList<WalletConnection>> HistoryAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync<(Guid Id, string Address, string Action, int? ChainId, DateTimeOffset OccurredAt)>($"""
            SELECT id, address, action, chain_id, occurred_at FROM wallet_connections
            WHERE user_id = @userId ORDER BY occurred_at DESC, id DESC LIMIT {HistoryLimit}
            """, new { userId }), cancellationToken);
        return rows.Select(r => new WalletConnection(r.Id, r.Address, ParseAction(r.Action), r.ChainId, r.OccurredAt)).ToArray();
    }

    /// <summary>Appends a history row inside the caller's transaction (the link, unlink or session it records).</summary>
    public static Task RecordAsync(Tx tx, Guid userId, string address, WalletAction action, int? chainId, DateTimeOffset at) =>
        tx.ExecuteAsync("""
            INSERT INTO wallet_connections (id, user_id, address, action, chain_id, occurred_at)
            VALUES (@id, @userId, @address, @action, @chainId, @at)
            """, new { id = Guid.CreateVersion7(at), userId, address, action = ActionName(action), chainId, at });

    public static string ActionName(WalletAction action) => action switch
    {
        WalletAction.Link => "link",
        WalletAction.Unlink => "unlink",
        _ => "sign_in",
    };

    private static WalletAction ParseAction(string name) => name switch
    {
        "link" => WalletAction.Link,
        "unlink" => WalletAction.Unlink,
        _ => WalletAction.SignIn,
    };
}
