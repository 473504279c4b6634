using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

public sealed record CloseTradeRequest(Guid Id);

public sealed class CloseTrade(IGrainFactory grains) : Endpoint<CloseTradeRequest, Results<Ok<QuickTradeView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(TradesRoutes.List + "/{id:guid}/close");
        Definition.Documented(TradesRoutes.Tag, "Close one of the caller's open quick trades at the live price").SignedIn().Idempotent().Rejects(404, 503);
    }

    public override async Task<Results<Ok<QuickTradeView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CloseTradeRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(User.UserId()).CloseTrade(request.Id)).ToHttp(TypedResults.Ok);
}
