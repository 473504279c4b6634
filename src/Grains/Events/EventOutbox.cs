namespace Arena.Grains.Events;

public enum EventVisibility { Public, User, Admin }

/// <summary>An event to record with the change that caused it. The payload is serialized as camelCase JSON.</summary>
public sealed record EventDraft(string Type, EventVisibility Visibility, object Payload, Guid? UserId = null, string? BotId = null)
{
    public static EventDraft Public(string type, object payload, string? botId = null) => new(type, EventVisibility.Public, payload, BotId: botId);

    public static EventDraft ForUser(Guid userId, string type, object payload) => new(type, EventVisibility.User, payload, UserId: userId);

    public static EventDraft ForAdmins(string type, object payload, string? botId = null) => new(type, EventVisibility.Admin, payload, BotId: botId);
}

/// <summary>
/// Appends events in the caller's transaction (see 0005_activity_events): rows start with no sequence
/// number; the sequencer numbers them after they commit, so readers never miss a late commit.
/// </summary>
public static class EventOutbox
{
    /// <summary>NOTIFY channel that wakes the sequencers when events were committed.</summary>
    public const string PendingChannel = "arena_events_pending";

    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static async Task AppendAsync(Tx tx, IEnumerable<EventDraft> events, DateTimeOffset at)
    {
        var any = false;
        foreach (var e in events)
        {
            await InsertAsync(tx, e, at);
            any = true;
        }
        if (any) Pending(tx);
    }

    /// <summary>Appends one event and returns its row id (insertion order, not its sequence number).</summary>
    public static async Task<long> AppendAsync(Tx tx, EventDraft e, DateTimeOffset at)
    {
        var id = await InsertAsync(tx, e, at);
        Pending(tx);
        return id;
    }

    /// <summary>
    /// Appends the same <c>user</c> event once for each user id <paramref name="selectUserIds"/> returns (a SELECT of one
    /// <c>user_id</c> column, parameterized by <paramref name="parameters"/>), in ONE statement: the work in the caller's
    /// transaction does not grow with the number of users. Returns how many events it appended.
    /// </summary>
    public static async Task<int> AppendForUsersAsync(Tx tx, string type, object payload, string selectUserIds, object parameters, DateTimeOffset at)
    {
        var p = new DynamicParameters(parameters);
        p.Add("type", type);
        p.Add("payload", JsonSerializer.Serialize(payload, payload.GetType(), PayloadJson));
        p.Add("at", at);
        var appended = await tx.ExecuteAsync($"""
            INSERT INTO activity_events (type, visibility, user_id, bot_id, payload, created_at)
            SELECT @type, '{StoredEvent.VisibilityName(EventVisibility.User)}', u.user_id, NULL, @payload, @at FROM ({selectUserIds}) u
            """, p);
        if (appended > 0) Pending(tx);
        return appended;
    }

    /// <summary>On commit: NOTIFY the other silos' sequencers, and wake this one's (Database.EventsCommitted).</summary>
    private static void Pending(Tx tx)
    {
        tx.NotifyOnCommit(PendingChannel, "");
        tx.MarkEventsAppended();
    }

    private static Task<long> InsertAsync(Tx tx, EventDraft e, DateTimeOffset at) =>
        tx.ExecuteScalarAsync<long>("""
            INSERT INTO activity_events (type, visibility, user_id, bot_id, payload, created_at)
            VALUES (@Type, @visibility, @UserId, @BotId, @payload, @at)
            RETURNING id
            """, new
        {
            e.Type,
            visibility = StoredEvent.VisibilityName(e.Visibility),
            e.UserId,
            e.BotId,
            payload = JsonSerializer.Serialize(e.Payload, e.Payload.GetType(), PayloadJson),
            at,
        });
}
