using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Insights;

public sealed class DismissInsight(IGrainFactory grains) : Endpoint<InsightDismissalRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(InsightsRoutes.Dismissal);
        Definition.Documented(InsightsRoutes.Tag, "Dismiss an insight (idempotent: the first dismissal time stays)").SignedIn().Rejects(404, 409);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(InsightDismissalRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).DismissInsight(request.InsightId)).ToHttp(_ => TypedResults.NoContent());
}
