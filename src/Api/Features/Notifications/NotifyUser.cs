using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Notifications;

public sealed record NotifyUserRequest(Guid UserId, string? Kind, string? Title, string? Body, string? Link)
{
    public NotificationDraft ToDraft() => new(Kind, Title, Body, Link);
}

public sealed class NotifyUserValidator() : RulesValidator<NotifyUserRequest>((r, errors) => NotificationRules.Check(r.ToDraft(), errors));

public sealed class NotifyUser(IGrainFactory grains) : Endpoint<NotifyUserRequest, Results<Created<NotificationView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/users/{userId:guid}/notifications");
        Definition.Documented(NotificationsRoutes.Tag, "Send a notification to a user (admins only)").Admin().Rejects(404);
    }

    public override async Task<Results<Created<NotificationView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(NotifyUserRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(request.UserId).Notify(request.ToDraft())).ToHttp(n => TypedResults.Created((string?)null, n));
}
