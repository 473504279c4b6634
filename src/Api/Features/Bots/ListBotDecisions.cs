using Arena.Api.Infrastructure;
using Arena.Grains.Bots.Read;
using FastEndpoints;

namespace Arena.Api.Features.Bots;

public sealed record ListBotDecisionsRequest(string Id, string? Cursor, string? Limit);

public sealed class ListBotDecisionsValidator() : RulesValidator<ListBotDecisionsRequest>((r, errors) => PublicBotQueries.Decisions(r.Cursor, r.Limit, errors));

public sealed class ListBotDecisions(PublicBots bots) : Endpoint<ListBotDecisionsRequest, Results<Ok<Page<PublicDecision>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/bots/{id}/decisions");
        Definition.Documented(BotsRoutes.Tag, "The bot's turns: actions, reasoning, outcome, latency and tokens, newest first (cursor, limit)").Public().Rejects(404);
    }

    public override async Task<Results<Ok<Page<PublicDecision>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListBotDecisionsRequest request, CancellationToken ct) =>
        (await bots.DecisionsAsync(request.Id, request.Cursor, request.Limit, ct)).ToHttp(TypedResults.Ok);
}
