using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Insights;

public sealed class RestoreInsight(IGrainFactory grains) : Endpoint<InsightDismissalRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete(InsightsRoutes.Dismissal);
        Definition.Documented(InsightsRoutes.Tag, "Un-dismiss an insight (idempotent)").SignedIn().Rejects(404);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(InsightDismissalRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).RestoreInsight(request.InsightId)).ToHttp(_ => TypedResults.NoContent());
}
