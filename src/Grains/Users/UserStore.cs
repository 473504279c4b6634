using Arena.Grains.Common;
using Arena.Grains.Persistence;

namespace Arena.Grains.Users;

/// <summary>
/// Reads and writes the user aggregate (its row SQL is in <see cref="UserRows"/>, <see cref="PreferencesRow"/>,
/// <see cref="UiStateRows"/>, <see cref="WalletRows"/> and <see cref="NotificationRows"/>). Every change to an existing
/// user goes through <see cref="CommitAsync"/>, which carries the version check.
/// </summary>
public sealed class UserStore(Database database, TimeProvider clock)
{
    private const string LoadSql = """
        SELECT u.id, u.email, u.username, u.role, u.password_hash, u.version, u.created_at, p.display_name, p.avatar_url
        FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id WHERE u.id = @id;
        SELECT * FROM user_preferences WHERE user_id = @id;
        SELECT symbol, exchange, notes, added_at FROM user_watchlists WHERE user_id = @id ORDER BY added_at, symbol;
        SELECT insight_id, dismissed_at FROM user_dismissed_insights WHERE user_id = @id;
        SELECT key, value, updated_at FROM user_ui_state WHERE user_id = @id;
        SELECT address, linked_at FROM user_wallets WHERE user_id = @id ORDER BY linked_at, address;
        """ + TrackingRows.LoadSql;

    public Database Database => database;

    public async Task<UserState?> LoadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var grid = await connection.QueryMultipleAsync(LoadSql, new { id });
        var account = await grid.ReadSingleOrDefaultAsync<AccountRow>();
        if (account is null) return null;
        var preferences = await grid.ReadSingleOrDefaultAsync<PreferencesRow>();
        var watchlist = await grid.ReadAsync<(string Symbol, string? Exchange, string? Notes, DateTimeOffset AddedAt)>();
        var insights = await grid.ReadAsync<(string InsightId, DateTimeOffset DismissedAt)>();
        var uiState = await grid.ReadAsync<(string Key, string Value, DateTimeOffset UpdatedAt)>();
        var wallets = await grid.ReadAsync<(string Address, DateTimeOffset LinkedAt)>();
        var tracked = await grid.ReadAsync<TrackingRows.Row>();
        return new UserState(
            account.ToAccount(),
            new UserProfile(account.DisplayName, account.AvatarUrl),
            preferences?.ToStored() ?? StoredPreferences.Unset,
            // Re-sorted in memory: the SQL order of symbols depends on the database collation, the state's must not.
            WatchlistRules.Ordered(watchlist.Select(w => new WatchlistEntry(w.Symbol, w.Exchange, w.Notes, w.AddedAt))),
            insights.ToImmutableSortedDictionary(i => i.InsightId, i => i.DismissedAt, StringComparer.Ordinal),
            uiState.ToImmutableSortedDictionary(u => u.Key, u => new UiStateEntry(u.Value, u.UpdatedAt), StringComparer.Ordinal),
            wallets.Select(w => new LinkedWallet(w.Address, w.LinkedAt)).ToImmutableList())
        {
            Tracked = tracked.Select(t => t.ToTracked()).ToImmutableList(),
        };
    }

    /// <summary>The id of the account signed in as <paramref name="login"/> (email or username), if any.</summary>
    public Task<Guid?> FindIdByLoginAsync(string login, CancellationToken cancellationToken = default)
    {
        var normalized = login.Trim();
        var sql = normalized.Contains('@')
            ? "SELECT id FROM users WHERE email = @value"
            : "SELECT id FROM users WHERE lower(username) = @value";
        return database.ReadAsync(c => c.QuerySingleOrDefaultAsync<Guid?>(sql, new { value = normalized.ToLowerInvariant() }), cancellationToken);
    }

    /// <summary>Inserts a new account (version 1) with its rows; a taken email, username or wallet is a rejection, not an error.</summary>
    public async Task<Rejection?> CreateAsync(CreatedAccount account, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.InTransactionAsync(account.Rows, cancellationToken);
            return null;
        }
        catch (DbException ex) when (DbErrors.IsUniqueViolation(ex, out var constraint))
        {
            return UniqueViolation(constraint);
        }
    }

    /// <summary>
    /// One write to the aggregate: bumps <c>users.version</c> from <paramref name="account"/>'s version
    /// (zero rows: another writer won, <see cref="VersionConflictException"/>), runs <paramref name="write"/>
    /// in the same transaction, commits, and returns the new version.
    /// </summary>
    public Task<long> CommitAsync(UserAccount account, Func<Tx, Task> write, CancellationToken cancellationToken = default)
    {
        var now = clock.Now();
        return database.InTransactionAsync(async tx =>
        {
            var rows = await tx.ExecuteAsync(
                "UPDATE users SET version = version + 1, updated_at = @now WHERE id = @id AND version = @expected",
                new { id = account.Id, expected = account.Version, now });
            if (rows == 0) throw new VersionConflictException("User", account.Id, account.Version);
            await write(tx);
            return account.Version + 1;
        }, cancellationToken);
    }

    public static readonly Rejection WalletLinkedElsewhere = Rejection.Conflict("This wallet is linked to another account.", "address");

    /// <summary>Maps a unique violation from users or user_wallets to the field the client must change.</summary>
    public static Rejection UniqueViolation(string constraint) =>
        constraint.Contains("user_wallets", StringComparison.OrdinalIgnoreCase)
            ? WalletLinkedElsewhere
        : constraint.Contains("email", StringComparison.OrdinalIgnoreCase)
            ? Rejection.Conflict("An account with this email already exists.", "email")
            : constraint.Contains("username", StringComparison.OrdinalIgnoreCase)
                ? Rejection.Conflict("This username is taken.", "username")
                : Rejection.Conflict("This value is already in use.");

    public static string RoleName(UserRole role) => role == UserRole.Admin ? "admin" : "user";

    private sealed record AccountRow(Guid Id, string? Email, string Username, string Role, string? PasswordHash, long Version, DateTimeOffset CreatedAt, string? DisplayName, string? AvatarUrl)
    {
        public UserAccount ToAccount() => new(Id, Email, Username, Role == "admin" ? UserRole.Admin : UserRole.User, PasswordHash, Version, CreatedAt);
    }
}
