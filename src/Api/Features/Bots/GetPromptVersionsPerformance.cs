using Arena.Api.Infrastructure;
using Arena.Grains.Leaderboard;
using FastEndpoints;

namespace Arena.Api.Features.Bots;

public sealed record GetPromptVersionsPerformanceRequest(string Id);

public sealed class GetPromptVersionsPerformance(LeaderboardService leaderboard)
    : Endpoint<GetPromptVersionsPerformanceRequest, Results<Ok<PromptVersionsPerformance>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/bots/{id}/prompt-versions/performance");
        Definition.Documented(BotsRoutes.Tag, "Metrics per prompt version over its active window (never the prompt text)").Public().Rejects(404);
    }

    public override async Task<Results<Ok<PromptVersionsPerformance>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        GetPromptVersionsPerformanceRequest request, CancellationToken ct) =>
        (await leaderboard.PromptVersionsAsync(request.Id, ct)).ToHttp(TypedResults.Ok);
}
