using System.Collections.Immutable;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Insights;

public sealed class ListDismissedInsights(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<ImmutableList<DismissedInsight>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(InsightsRoutes.Dismissed);
        Definition.Documented(InsightsRoutes.Tag, "The insights the caller dismissed, oldest first").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<ImmutableList<DismissedInsight>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).GetDismissedInsights()).ToHttp(TypedResults.Ok);
}
