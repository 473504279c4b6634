using Arena.Grains.Events;
namespace Arena.Grains.Users;

/// <summary>
/// SQL for <c>user_notifications</c>. Outside the versioned aggregate (see 0002): rows are appended by
/// other parts of the system and flagged read by their user, neither of which needs the user's version.
/// Every statement is scoped by <c>user_id</c>.
/// </summary>
internal static class NotificationRows
{
    private const string Columns = "id, kind, title, body, link, created_at, read_at";

    /// <summary>Inserts a checked draft; the id is a v7 uuid that orders after every earlier one from this silo.</summary>
    public static async Task<NotificationView> InsertAsync(Tx tx, Guid userId, NotificationDraft draft, DateTimeOffset now)
    {
        var view = new NotificationView(SequentialUuid.Next(now), draft.Kind!, draft.Title!, draft.Body, draft.Link, now, null);
        await tx.ExecuteAsync("""
            INSERT INTO user_notifications (id, user_id, kind, title, body, link, created_at)
            VALUES (@Id, @userId, @Kind, @Title, @Body, @Link, @CreatedAt)
            """, new { view.Id, userId, view.Kind, view.Title, view.Body, view.Link, view.CreatedAt });
        // The user's own stream (/ws/me) carries it live, and a resume with since replays it.
        await EventOutbox.AppendAsync(tx, [NotificationEvents.For(userId, new(view.Id, view.Kind, view.Title, view.Body, view.Link, view.CreatedAt))], now);
        return view;
    }

    /// <summary>One page, newest first, and the count of all the user's unread notifications.</summary>
    public static async Task<NotificationPage> ListAsync(DbConnection connection, Guid userId, NotificationQuery query)
    {
        // Only fixed fragments are appended, never input; one row past the limit tells whether a next page exists.
        var sql = $"SELECT {Columns} FROM user_notifications WHERE user_id = @userId"
            + (query.UnreadOnly ? " AND read_at IS NULL" : "")
            + (query.Before is null ? "" : " AND id < @before")
            + " ORDER BY id DESC LIMIT @take";
        var rows = (await connection.QueryAsync<NotificationView>(sql, new { userId, before = query.Before ?? Guid.Empty, take = query.Limit + 1 })).ToList();
        var unread = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM user_notifications WHERE user_id = @userId AND read_at IS NULL", new { userId });
        var hasMore = rows.Count > query.Limit;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        return new NotificationPage(rows, hasMore ? NotificationRules.CursorAfter(rows[^1].Id) : null, (int)unread);
    }

    /// <summary>When the user's notification was first read (now, if it was unread); null if the user has no such notification.</summary>
    public static Task<DateTimeOffset?> MarkReadAsync(Tx tx, Guid userId, Guid id, DateTimeOffset now) =>
        tx.QuerySingleOrDefaultAsync<DateTimeOffset?>("""
            UPDATE user_notifications SET read_at = COALESCE(read_at, @now) WHERE id = @id AND user_id = @userId
            RETURNING read_at
            """, new { id, userId, now });

    public static Task<int> MarkAllReadAsync(Tx tx, Guid userId, DateTimeOffset now) =>
        tx.ExecuteAsync("UPDATE user_notifications SET read_at = @now WHERE user_id = @userId AND read_at IS NULL", new { userId, now });
}
