using System.Security.Cryptography;
using Arena.Grains.Users;

namespace Arena.Grains.Auth.Wallet;

/// <summary>
/// A nonce as stored, and who it was issued to (<see cref="UserId"/>: the signed-in caller, or null for anyone signing in).
/// A challenge's nonce carries its address and the SHA-256 of the exact message issued; a bare nonce, for a message the
/// client builds, carries the SHA-256 of the binding cookie it was issued with instead.
/// </summary>
public sealed record IssuedNonce(
    string Nonce, string? Address, Guid? UserId, byte[]? MessageSha256, byte[]? BindingSha256,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>
/// Wallet rows outside any one user's state: challenge nonces (this store owns <c>wallet_nonces</c>), and reads of
/// who owns an address and of a user's connection history. Links are user-aggregate writes (<see cref="WalletRows"/>).
/// </summary>
public sealed class WalletStore(Database database)
{
    public static byte[] Sha256(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>Stores a new nonce and, in the same transaction, deletes the expired ones.</summary>
    public Task IssueAsync(IssuedNonce nonce, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async tx =>
        {
            await tx.ExecuteAsync("DELETE FROM wallet_nonces WHERE expires_at <= @now", new { now = nonce.IssuedAt });
            await tx.ExecuteAsync("""
                INSERT INTO wallet_nonces (nonce, address, user_id, message_sha256, binding_sha256, issued_at, expires_at)
                VALUES (@Nonce, @Address, @UserId, @MessageSha256, @BindingSha256, @IssuedAt, @ExpiresAt)
                """, nonce);
        }, cancellationToken);

    public Task<IssuedNonce?> FindNonceAsync(string nonce, CancellationToken cancellationToken = default) =>
        database.ReadAsync(c => c.QuerySingleOrDefaultAsync<IssuedNonce>("""
            SELECT nonce, address, user_id AS UserId, message_sha256 AS MessageSha256, binding_sha256 AS BindingSha256,
                   issued_at AS IssuedAt, expires_at AS ExpiresAt, used_at AS UsedAt
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
        database.ReadAsync(c => WalletRows.FindOwnerAsync(c, address), cancellationToken);

    public Task<IReadOnlyList<WalletConnection>> HistoryAsync(Guid userId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(c => WalletRows.HistoryAsync(c, userId), cancellationToken);
}
