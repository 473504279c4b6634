using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.CopyRuns;

public sealed record CopyRunList(IReadOnlyList<CopyRunView> Items);

public sealed class ListCopyRuns(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<CopyRunList>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(CopyRunsRoutes.List);
        Definition.Documented(CopyRunsRoutes.Tag, "The caller's copy runs, newest first (at most 20 not stopped; stopped ones stay listed)").SignedIn();
    }

    public override async Task<Results<Ok<CopyRunList>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<ICopyDesk>(User.UserId()).ListCopyRuns()).ToHttp(runs => TypedResults.Ok(new CopyRunList(runs)));
}
