namespace Arena.Grains.Persistence;

/// <summary>
/// The <c>app_settings</c> table, a key/value store: the admin-editable arena settings (SettingsService validates,
/// audits and announces those) and small pieces of engine state under keys no admin edits (the market's simulation
/// basis, the last published standings). Every write goes through here, in the caller's transaction.
/// </summary>
public static class AppSettings
{
    /// <summary>Stores <paramref name="value"/>, replacing a stored value or only where none is (<paramref name="replace"/>); true when it wrote.</summary>
    public static async Task<bool> StoreAsync(Tx tx, string key, string value, DateTimeOffset now, bool replace)
    {
        var onConflict = replace ? "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at" : "DO NOTHING";
        return await tx.ExecuteAsync($"INSERT INTO app_settings (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT (key) {onConflict}",
            new { key, value, now }) > 0;
    }

    /// <summary>Removes the value stored under <paramref name="key"/>; true when there was one.</summary>
    public static async Task<bool> DeleteAsync(Tx tx, string key) =>
        await tx.ExecuteAsync("DELETE FROM app_settings WHERE key = @key", new { key }) > 0;

    /// <summary>The value stored under <paramref name="key"/>; null when none is.</summary>
    public static Task<string?> ValueAsync(Tx tx, string key) =>
        tx.QuerySingleOrDefaultAsync<string>("SELECT value FROM app_settings WHERE key = @key", new { key });
}
