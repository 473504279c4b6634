using Arena.Api.Infrastructure;
using Arena.Grains.Signals;
using FastEndpoints;

namespace Arena.Api.Features.Signals;

public sealed class ListTrackedSignals(SignalReads signals) : EndpointWithoutRequest<Results<Ok<IReadOnlyList<TrackedSignalView>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/tracked-signals");
        Definition.Documented(SignalsRoutes.Tag, "The caller's tracked signals, oldest first, each with its signal's status and the return it would have made (pnlPercent)")
            .SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<IReadOnlyList<TrackedSignalView>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await signals.TrackedAsync(User.UserId(), ct)).ToHttp(TypedResults.Ok);
}
