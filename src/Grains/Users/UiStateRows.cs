namespace Arena.Grains.Users;

/// <summary>Writes to <c>user_ui_state</c>; the value column holds the JSON text exactly as the client sent it.</summary>
internal static class UiStateRows
{
    public static Task UpsertAsync(Tx tx, Guid userId, string key, string value, DateTimeOffset now) => tx.ExecuteAsync("""
        INSERT INTO user_ui_state (user_id, key, value, updated_at) VALUES (@userId, @key, @value, @now)
        ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """, new { userId, key, value, now });

    public static Task DeleteAsync(Tx tx, Guid userId, string key) =>
        tx.ExecuteAsync("DELETE FROM user_ui_state WHERE user_id = @userId AND key = @key", new { userId, key });
}
