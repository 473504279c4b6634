using Arena.Api.Infrastructure;
using Arena.Grains.Bots.Read;
using FastEndpoints;

namespace Arena.Api.Features.Bots;

public sealed record ListBotTradesRequest(string Id, string? Cursor, string? Limit);

public sealed class ListBotTradesValidator() : RulesValidator<ListBotTradesRequest>((r, errors) => PublicBotQueries.Trades(r.Cursor, r.Limit, errors));

public sealed class ListBotTrades(PublicBots bots) : Endpoint<ListBotTradesRequest, Results<Ok<Page<PublicTrade>>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/bots/{id}/trades");
        Definition.Documented(BotsRoutes.Tag, "The bot's fills, newest first (cursor, limit)").Public().Rejects(404);
    }

    public override async Task<Results<Ok<Page<PublicTrade>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ListBotTradesRequest request, CancellationToken ct) =>
        (await bots.TradesAsync(request.Id, request.Cursor, request.Limit, ct)).ToHttp(TypedResults.Ok);
}
