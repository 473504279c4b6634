using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Prompts;

public sealed record GetPromptRequest(string Id, int Version);

public sealed class GetPrompt(BotQueries bots) : Endpoint<GetPromptRequest, Results<Ok<PromptVersionView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/bots/{id}/prompts/{version:int}");
        Definition.Documented(AdminPromptRoutes.Tag, "One prompt version").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<PromptVersionView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetPromptRequest request, CancellationToken ct) =>
        (await bots.PromptAsync(request.Id, request.Version, ct)).ToHttp(TypedResults.Ok);
}
