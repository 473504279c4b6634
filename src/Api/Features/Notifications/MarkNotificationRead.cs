using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Notifications;

public sealed record MarkNotificationReadRequest(Guid Id);

public sealed class MarkNotificationRead(IGrainFactory grains) : Endpoint<MarkNotificationReadRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/notifications/{id:guid}/read");
        Definition.Documented(NotificationsRoutes.Tag, "Mark one of the caller's notifications read (idempotent)").SignedIn().Rejects(404);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(MarkNotificationReadRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).MarkNotificationRead(request.Id)).ToHttp(_ => TypedResults.NoContent());
}
