using System.ComponentModel;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Notifications;

public sealed record NotificationRequest(string? Kind, string? Title, string? Body, string? Link);

public sealed record ReadAllResponse(int Updated);

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/notifications").WithTags("Notifications").RequireSignedIn();
        group.MapGet("/", List).Rejects(404).WithSummary("The caller's notifications, newest first (unread=true, limit 1-200, cursor=nextCursor)");
        group.MapPost("/{id:guid}/read", MarkRead).Rejects(404).WithSummary("Mark one of the caller's notifications read (idempotent)");
        group.MapPost("/read-all", MarkAllRead).Rejects(404).WithSummary("Mark all the caller's notifications read");

        var admin = app.MapApiGroup("/api/admin/users").WithTags("Notifications").RequireAdmin();
        admin.MapPost("/{userId:guid}/notifications", Notify).Rejects(404).WithSummary("Send a notification to a user (admins only)");
        return app;
    }

    // Query values arrive as text so that a bad one is a 400 naming its field, like any other input.
    public static async Task<Results<Ok<NotificationPage>, ValidationProblem, ProblemHttpResult>> List(
        ClaimsPrincipal user,
        IGrainFactory grains,
        [Description("true: only unread notifications")] string? unread = null,
        [Description("page size, 1-200 (larger values are capped); default 50")] string? limit = null,
        [Description("the nextCursor of the previous page")] string? cursor = null) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).ListNotifications(new NotificationListRequest(unread, limit, cursor))).ToHttp(TypedResults.Ok);

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> MarkRead(Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).MarkNotificationRead(id)).ToHttp(_ => TypedResults.NoContent());

    public static async Task<Results<Ok<ReadAllResponse>, ValidationProblem, ProblemHttpResult>> MarkAllRead(ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).MarkAllNotificationsRead()).ToHttp(n => TypedResults.Ok(new ReadAllResponse(n)));

    public static async Task<Results<Created<NotificationView>, ValidationProblem, ProblemHttpResult>> Notify(Guid userId, NotificationRequest request, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(userId).Notify(new NotificationDraft(request.Kind, request.Title, request.Body, request.Link)))
            .ToHttp(n => TypedResults.Created((string?)null, n));
}
