using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

public sealed record CloseTradeByBodyRequest(Guid? TradeId);

public sealed class CloseTradeByBodyValidator() : RulesValidator<CloseTradeByBodyRequest>((r, errors) =>
    errors.Require(r.TradeId is not null && r.TradeId != Guid.Empty, "tradeId", "tradeId is required: the id of the quick trade to close."));

/// <summary>Seed 000's <c>POST /api/trades/close {tradeId}</c>: answers like <c>POST /api/trades/{id}/close</c>.</summary>
public sealed class CloseTradeByBody(IGrainFactory grains) : Endpoint<CloseTradeByBodyRequest, Results<Ok<QuickTradeView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(TradesRoutes.List + "/close");
        Definition.Documented(TradesRoutes.Tag, "Close a quick trade named in the body (seed 000 alias of POST /api/trades/{id}/close)")
            .SignedIn().Idempotent().Rejects(404, 503);
    }

    public override async Task<Results<Ok<QuickTradeView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CloseTradeByBodyRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(User.UserId()).CloseTrade(request.TradeId!.Value)).ToHttp(TypedResults.Ok);
}
