namespace Arena.Grains.Users;

[GenerateSerializer]
public enum WalletAction { Link, Unlink, SignIn }

/// <summary>One row of a user's wallet history; the address is lower-case.</summary>
public sealed record WalletConnection(Guid Id, string Address, WalletAction Action, int? ChainId, DateTimeOffset OccurredAt);

/// <summary>
/// SQL for a user's wallets: the links (<c>user_wallets</c>, part of the user aggregate) and their history
/// (<c>wallet_connections</c>: every link, unlink and wallet sign-in, appended in the transaction it records).
/// </summary>
public static class WalletRows
{
    /// <summary>History rows returned at most, newest first.</summary>
    public const int HistoryLimit = 100;

    internal static async Task LinkAsync(Tx tx, Guid userId, WalletLink wallet, DateTimeOffset at)
    {
        await tx.ExecuteAsync("INSERT INTO user_wallets (address, user_id, linked_at) VALUES (@Address, @userId, @at)", new { wallet.Address, userId, at });
        await RecordAsync(tx, userId, wallet.Address, WalletAction.Link, wallet.ChainId, at);
    }

    internal static async Task UnlinkAsync(Tx tx, Guid userId, string address, DateTimeOffset at)
    {
        // The version check makes the hot state current, so this deletes exactly the one row.
        await tx.ExecuteAsync("DELETE FROM user_wallets WHERE address = @address AND user_id = @userId", new { address, userId });
        await RecordAsync(tx, userId, address, WalletAction.Unlink, chainId: null, at);
    }

    /// <summary>Appends a history row inside the caller's transaction (the link, unlink or session it records).</summary>
    public static Task RecordAsync(Tx tx, Guid userId, string address, WalletAction action, int? chainId, DateTimeOffset at) =>
        tx.ExecuteAsync("""
            INSERT INTO wallet_connections (id, user_id, address, action, chain_id, occurred_at)
            VALUES (@id, @userId, @address, @action, @chainId, @at)
            """, new { id = Guid.CreateVersion7(at), userId, address, action = ActionName(action), chainId, at });

    public static Task<Guid?> FindOwnerAsync(DbConnection connection, string address) =>
        connection.QuerySingleOrDefaultAsync<Guid?>("SELECT user_id FROM user_wallets WHERE address = @address", new { address });

    public static async Task<IReadOnlyList<WalletConnection>> HistoryAsync(DbConnection connection, Guid userId)
    {
        var rows = await connection.QueryAsync<(Guid Id, string Address, string Action, int? ChainId, DateTimeOffset OccurredAt)>($"""
            SELECT id, address, action, chain_id, occurred_at FROM wallet_connections
            WHERE user_id = @userId ORDER BY occurred_at DESC, id DESC LIMIT {HistoryLimit}
            """, new { userId });
        return rows.Select(r => new WalletConnection(r.Id, r.Address, ParseAction(r.Action), r.ChainId, r.OccurredAt)).ToArray();
    }

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
