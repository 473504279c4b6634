using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.CopyRuns;

public sealed class GetCopyRun(IGrainFactory grains) : Endpoint<CopyRunIdRequest, Results<Ok<CopyRunDetail>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(CopyRunsRoutes.One);
        Definition.Documented(CopyRunsRoutes.Tag, "One of the caller's copy runs with its mirrored trades, skipped fills and PnL at live prices").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<CopyRunDetail>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CopyRunIdRequest request, CancellationToken ct) =>
        (await grains.GetGrain<ICopyDesk>(User.UserId()).GetCopyRun(request.Id)).ToHttp(view => TypedResults.Ok(view));
}
