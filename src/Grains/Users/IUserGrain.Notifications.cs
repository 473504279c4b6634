namespace Arena.Grains.Users;

public partial interface IUserGrain
{
    /// <summary>
    /// Appends a notification for this user (how other parts of the system tell a user something).
    /// Outside the versioned aggregate: it does not bump the user's version. Not found if the user does not exist.
    /// </summary>
    Task<Result<NotificationView>> Notify(NotificationDraft draft);

    /// <summary>A page of this user's notifications, newest first, with the unread count.</summary>
    Task<Result<NotificationPage>> ListNotifications(NotificationListRequest request);

    /// <summary>Marks one of this user's notifications read (idempotent: the first read time stays); not found if it is not theirs.</summary>
    Task<Result<DateTimeOffset>> MarkNotificationRead(Guid notificationId);

    /// <summary>Marks every unread notification read; returns how many changed.</summary>
    Task<Result<int>> MarkAllNotificationsRead();
}
