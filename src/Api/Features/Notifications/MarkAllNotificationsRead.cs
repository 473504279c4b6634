using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Notifications;

public sealed record ReadAllResponse(int Updated);

public sealed class MarkAllNotificationsRead(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<ReadAllResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/notifications/read-all");
        Definition.Documented(NotificationsRoutes.Tag, "Mark all the caller's notifications read").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<ReadAllResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).MarkAllNotificationsRead()).ToHttp(n => TypedResults.Ok(new ReadAllResponse(n)));
}
