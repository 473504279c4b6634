using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Signals;

public sealed record DismissSignalRequest(long Id);

public sealed class DismissSignal(IGrainFactory grains) : Endpoint<DismissSignalRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/signals/{id:long}/dismiss");
        Definition.Documented(SignalsRoutes.Tag, "Dismiss a signal (recorded in the caller's signal actions)").SignedIn().Rejects(404);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(DismissSignalRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).DismissSignal(request.Id)).ToHttp(_ => TypedResults.NoContent());
}
