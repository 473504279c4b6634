using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Bots;

public sealed record ForceSummarizeRequest(string Id);

public sealed class ForceSummarize(IGrainFactory grains) : Endpoint<ForceSummarizeRequest, Results<Ok<SummaryView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/bots/{id}/force-summarize");
        Definition.Documented(AdminBotRoutes.Tag, "Fold the decisions outside the prompt window into the history summary now (409 when there are none)")
            .AdminOnly().Rejects(404, 409);
    }

    public override async Task<Results<Ok<SummaryView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ForceSummarizeRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IBotGrain>(request.Id).ForceSummarize(HttpContext.Actor())).ToHttp(TypedResults.Ok);
}
