namespace Arena.Api.Features.Notifications;

internal static class NotificationsRoutes
{
    public const string Tag = "Notifications";
}
