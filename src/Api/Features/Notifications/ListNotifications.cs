using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Notifications;

// Query values arrive as text so that a bad one is a 400 naming its field, like any other input.
public sealed record ListNotificationsRequest(string? Unread, string? Limit, string? Cursor)
{
    public NotificationListRequest ToQuery() => new(Unread, Limit, Cursor);
}

public sealed class ListNotificationsValidator() : RulesValidator<ListNotificationsRequest>((r, errors) => NotificationRules.ParseQuery(r.ToQuery(), errors));

public sealed class ListNotifications(IGrainFactory grains) : Endpoint<ListNotificationsRequest, Results<Ok<NotificationPage>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/notifications");
        Definition.Documented(NotificationsRoutes.Tag, "The caller's notifications, newest first (unread=true, limit 1-200, cursor=nextCursor)").SignedIn().Rejects(404);
        Definition.Summary(s =>
        {
            s.Params["unread"] = "true: only unread notifications";
            s.Params["limit"] = "page size, 1-200 (larger values are capped); default 50";
            s.Params["cursor"] = "the nextCursor of the previous page";
        });
    }

    public override async Task<Results<Ok<NotificationPage>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListNotificationsRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).ListNotifications(request.ToQuery())).ToHttp(TypedResults.Ok);
}
