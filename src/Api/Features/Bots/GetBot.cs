using Arena.Api.Infrastructure;
using Arena.Grains.Bots.Read;
using FastEndpoints;

namespace Arena.Api.Features.Bots;

public sealed record GetBotRequest(string Id);

public sealed class GetBot(PublicBots bots) : Endpoint<GetBotRequest, Results<Ok<PublicBot>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/bots/{id}");
        Definition.Documented(BotsRoutes.Tag, "One bot with its status, live equity, PnL, return and open positions").Public().Rejects(404);
    }

    public override async Task<Results<Ok<PublicBot>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetBotRequest request, CancellationToken ct) =>
        (await bots.GetAsync(request.Id, ct)).ToHttp(TypedResults.Ok);
}
