using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

public sealed record GetTradeRequest(Guid Id);

public sealed class GetTrade(IGrainFactory grains) : Endpoint<GetTradeRequest, Results<Ok<QuickTradeView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(TradesRoutes.List + "/{id:guid}");
        Definition.Documented(TradesRoutes.Tag, "One of the caller's quick trades (an open one with live unrealized PnL)").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<QuickTradeView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetTradeRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(User.UserId()).GetTrade(request.Id)).ToHttp(TypedResults.Ok);
}
