using Arena.Api.Infrastructure;
using Arena.Grains.Bots.Read;
using FastEndpoints;

namespace Arena.Api.Features.Bots;

public sealed record ListBotPositionsRequest(string Id, string? Status, string? Cursor, string? Limit);

public sealed class ListBotPositionsValidator() : RulesValidator<ListBotPositionsRequest>((r, errors) => PublicBotQueries.Positions(r.Status, r.Cursor, r.Limit, errors));

public sealed class ListBotPositions(PublicBots bots) : Endpoint<ListBotPositionsRequest, Results<Ok<Page<PublicPosition>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/bots/{id}/positions");
        Definition.Documented(BotsRoutes.Tag, "The bot's positions, newest first (status=open|closed, cursor, limit)").Public().Rejects(404);
    }

    public override async Task<Results<Ok<Page<PublicPosition>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListBotPositionsRequest request, CancellationToken ct) =>
        (await bots.PositionsAsync(request.Id, request.Status, request.Cursor, request.Limit, ct)).ToHttp(TypedResults.Ok);
}
