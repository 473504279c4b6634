namespace Arena.Grains.Users;

/// <summary>
/// SQL for the rows of the user aggregate that have no store of their own (<c>users</c>, <c>user_profiles</c>,
/// <c>user_watchlists</c>, <c>user_dismissed_insights</c>). Each runs inside the caller's transaction: a user
/// command's writes go through <see cref="UserStore.CommitAsync"/>, which adds the version check.
/// </summary>
internal static class UserRows
{
    public static async Task InsertAsync(Tx tx, UserAccount account, UserProfile profile)
    {
        await tx.ExecuteAsync("""
            INSERT INTO users (id, email, username, password_hash, role, version, created_at, updated_at)
            VALUES (@Id, @Email, @Username, @PasswordHash, @role, @Version, @CreatedAt, @CreatedAt)
            """, new { account.Id, account.Email, account.Username, account.PasswordHash, role = UserStore.RoleName(account.Role), account.Version, account.CreatedAt });
        await tx.ExecuteAsync("""
            INSERT INTO user_profiles (user_id, display_name, avatar_url, updated_at) VALUES (@id, @DisplayName, @AvatarUrl, @at)
            """, new { id = account.Id, profile.DisplayName, profile.AvatarUrl, at = account.CreatedAt });
    }

    public static async Task UpdateProfileAsync(Tx tx, Guid id, string username, UserProfile profile, DateTimeOffset now)
    {
        await tx.ExecuteAsync("UPDATE users SET username = @username WHERE id = @id", new { username, id });
        await UpsertProfileAsync(tx, id, profile, now);
    }

    public static Task UpsertProfileAsync(Tx tx, Guid id, UserProfile profile, DateTimeOffset now) => tx.ExecuteAsync("""
        INSERT INTO user_profiles (user_id, display_name, avatar_url, updated_at) VALUES (@id, @DisplayName, @AvatarUrl, @now)
        ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, avatar_url = excluded.avatar_url, updated_at = excluded.updated_at
        """, new { id, profile.DisplayName, profile.AvatarUrl, now });

    public static Task SetRoleAsync(Tx tx, Guid id, UserRole role) =>
        tx.ExecuteAsync("UPDATE users SET role = @role WHERE id = @id", new { role = UserStore.RoleName(role), id });

    public static Task SetPasswordHashAsync(Tx tx, Guid id, string hash) =>
        tx.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE id = @id", new { hash, id });

    public static Task InsertWatchlistAsync(Tx tx, Guid userId, IReadOnlyCollection<WatchlistEntry> entries) =>
        entries.Count == 0 ? Task.CompletedTask : tx.ExecuteAsync("""
            INSERT INTO user_watchlists (id, user_id, symbol, exchange, notes, added_at)
            VALUES (@Id, @userId, @Symbol, @Exchange, @Notes, @AddedAt)
            """, entries.Select(e => new { Id = Guid.CreateVersion7(e.AddedAt), userId, e.Symbol, e.Exchange, e.Notes, e.AddedAt }));

    public static Task UpdateWatchlistAsync(Tx tx, Guid userId, IReadOnlyCollection<WatchlistEntry> entries) =>
        entries.Count == 0 ? Task.CompletedTask : tx.ExecuteAsync(
            "UPDATE user_watchlists SET exchange = @Exchange, notes = @Notes WHERE user_id = @userId AND symbol = @Symbol",
            entries.Select(e => new { userId, e.Symbol, e.Exchange, e.Notes }));

    public static Task DeleteWatchlistAsync(Tx tx, Guid userId, IReadOnlyCollection<string> symbols) =>
        symbols.Count == 0 ? Task.CompletedTask : tx.ExecuteAsync(
            "DELETE FROM user_watchlists WHERE user_id = @userId AND symbol = @symbol", symbols.Select(symbol => new { userId, symbol }));

    public static Task InsertDismissedInsightsAsync(Tx tx, Guid userId, IReadOnlyCollection<DismissedInsight> dismissed) =>
        dismissed.Count == 0 ? Task.CompletedTask : tx.ExecuteAsync(
            "INSERT INTO user_dismissed_insights (user_id, insight_id, dismissed_at) VALUES (@userId, @InsightId, @DismissedAt)",
            dismissed.Select(d => new { userId, d.InsightId, d.DismissedAt }));

    public static Task DeleteDismissedInsightAsync(Tx tx, Guid userId, string insightId) =>
        tx.ExecuteAsync("DELETE FROM user_dismissed_insights WHERE user_id = @userId AND insight_id = @insightId", new { userId, insightId });
}
