using Arena.Grains.Events;

namespace Arena.Grains.Users;

/// <summary>
/// The outbox side of user notifications. Whatever inserts a <c>user_notifications</c> row appends
/// <see cref="For"/> in the same transaction, so the user's own stream (<c>GET /ws/me</c>) carries the notification
/// live and a reconnect with <c>since</c> replays it. Visibility 'user': only that user ever receives it.
/// </summary>
public static class NotificationEvents
{
    public const string Created = "notification";

    /// <summary>The event's <c>data</c>: the notification as <c>GET /api/notifications</c> lists it (unread).</summary>
    public sealed record NotificationCreatedEvent(Guid Id, string Kind, string Title, string? Body, string? Link, DateTimeOffset CreatedAt);

    public static EventDraft For(Guid userId, NotificationCreatedEvent notification) => EventDraft.ForUser(userId, Created, notification);
}
