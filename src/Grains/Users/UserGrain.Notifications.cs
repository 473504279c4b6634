namespace Arena.Grains.Users;

// Notifications (seed 000 user_notifications) are not part of the hot state: they are appended by
// others and read in pages, so every call goes to the database, scoped by this grain's user id.
// Running them through the grain still serializes one user's reads and writes.
public sealed partial class UserGrain
{
    private static readonly Rejection NoSuchNotification = Rejection.NotFound("You have no notification with this id.");

    public async Task<Result<NotificationView>> Notify(NotificationDraft draft)
    {
        if (state is null) return Missing;
        var checkedDraft = NotificationRules.Check(draft);
        if (!checkedDraft.IsOk) return checkedDraft.Rejection!;
        var now = clock.Now();
        var userId = state.Account.Id;
        return await store.Database.InTransactionAsync(tx => NotificationRows.InsertAsync(tx, userId, checkedDraft.Value!, now));
    }

    public async Task<Result<NotificationPage>> ListNotifications(NotificationListRequest request)
    {
        if (state is null) return Missing;
        var query = NotificationRules.ParseQuery(request);
        if (!query.IsOk) return query.Rejection!;
        var userId = state.Account.Id;
        return await store.Database.ReadAsync(c => NotificationRows.ListAsync(c, userId, query.Value!));
    }

    public async Task<Result<DateTimeOffset>> MarkNotificationRead(Guid notificationId)
    {
        if (state is null) return Missing;
        var userId = state.Account.Id;
        var now = clock.Now();
        var readAt = await store.Database.InTransactionAsync(tx => NotificationRows.MarkReadAsync(tx, userId, notificationId, now));
        return readAt is { } at ? at : NoSuchNotification;
    }

    public async Task<Result<int>> MarkAllNotificationsRead()
    {
        if (state is null) return Missing;
        var userId = state.Account.Id;
        var now = clock.Now();
        return await store.Database.InTransactionAsync(tx => NotificationRows.MarkAllReadAsync(tx, userId, now));
    }

    /// <summary>The welcome notification, written in the transaction that creates the account.</summary>
    private static Func<Tx, Task> WriteWelcome(UserAccount account) =>
        tx => NotificationRows.InsertAsync(tx, account.Id, NotificationRules.Welcome(account.Username), account.CreatedAt);
}
