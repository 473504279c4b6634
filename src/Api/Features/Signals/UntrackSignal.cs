using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Signals;

public sealed record UntrackSignalRequest(long Id);

public sealed class UntrackSignal(IGrainFactory grains) : Endpoint<UntrackSignalRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/signals/{id:long}/track");
        Definition.Documented(SignalsRoutes.Tag, "Stop tracking a signal (404 when the caller does not track it)").SignedIn().Rejects(404);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(UntrackSignalRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).UntrackSignal(request.Id)).ToHttp(_ => TypedResults.NoContent());
}
