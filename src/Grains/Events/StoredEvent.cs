namespace Arena.Grains.Events;

/// <summary>
/// A sequenced event as stored. <see cref="UserId"/> and <see cref="BotId"/> route and filter events
/// inside the server; only the <see cref="EventEnvelope"/> ever leaves it.
/// </summary>
public sealed record StoredEvent(long Seq, string Type, EventVisibility Visibility, Guid? UserId, string? BotId, string Payload, DateTimeOffset At)
{
    /// <summary>The wire shape <c>{seq, type, at, data}</c>, with the payload as a JSON value, not a string.</summary>
    public EventEnvelope ToEnvelope()
    {
        using var document = JsonDocument.Parse(Payload);
        return new EventEnvelope(Seq, Type, At, document.RootElement.Clone());
    }

    internal static string VisibilityName(EventVisibility visibility) => visibility switch
    {
        EventVisibility.User => "user",
        EventVisibility.Admin => "admin",
        _ => "public",
    };

    internal static EventVisibility ParseVisibility(string name) => name switch
    {
        "public" => EventVisibility.Public,
        "user" => EventVisibility.User,
        _ => EventVisibility.Admin,
    };
}

/// <summary>What clients receive for one event (docs/stream-protocol.md).</summary>
public sealed record EventEnvelope(long Seq, string Type, DateTimeOffset At, JsonElement Data);

/// <summary>
/// Who is reading: spectators see public events; a signed-in user also sees events addressed to them
/// (visibility 'user' and their id), never another user's; admins see everything.
/// </summary>
public sealed class EventAudience
{
    private EventAudience(Guid? userId, bool everything, bool includesPublic = true)
    {
        UserId = userId;
        Everything = everything;
        IncludesPublic = includesPublic;
    }

    public static EventAudience Public { get; } = new(null, false);

    public static EventAudience Admin { get; } = new(null, true);

    /// <summary>Public events plus the user's own.</summary>
    public static EventAudience ForUser(Guid userId) => new(userId, false);

    /// <summary>Only the user's own events (visibility 'user'), without the public ones: the personal stream.</summary>
    public static EventAudience OnlyUser(Guid userId) => new(userId, false, includesPublic: false);

    /// <summary>Public events, plus the user's own when signed in.</summary>
    public static EventAudience For(Guid? userId) => userId is { } id ? ForUser(id) : Public;

    public Guid? UserId { get; }

    public bool Everything { get; }

    public bool IncludesPublic { get; }

    public bool CanSee(StoredEvent e) =>
        Everything || (IncludesPublic && e.Visibility == EventVisibility.Public)
        || (e.Visibility == EventVisibility.User && UserId is { } id && e.UserId == id);

    /// <summary>The same rule as <see cref="CanSee"/>, as SQL over activity_events (parameter <c>@audienceUserId</c>).</summary>
    internal string SqlPredicate => Everything ? "1 = 1"
        : UserId is null ? "visibility = 'public'"
        : IncludesPublic ? "(visibility = 'public' OR (visibility = 'user' AND user_id = @audienceUserId))"
        : "(visibility = 'user' AND user_id = @audienceUserId)";
}

/// <summary>
/// The retained range of the sequence: every event with <c>OldestRetainedSeq &lt;= seq &lt;= HighWaterMark</c> that
/// was not pruned is readable. Retention prunes only a prefix, so a client that has seen everything up to
/// <c>since</c> can be replayed completely iff <see cref="CanReplayAfter"/>; otherwise it must resynchronise.
/// </summary>
public sealed record EventWindow(long OldestRetainedSeq, long HighWaterMark)
{
    public bool CanReplayAfter(long since) => since >= OldestRetainedSeq - 1 && since <= HighWaterMark;
}
