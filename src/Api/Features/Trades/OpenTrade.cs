using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

public sealed record OpenTradeRequest(string? Symbol, string? Side, decimal? Quantity, decimal? Notional, int? Leverage, decimal? StopLoss, decimal? TakeProfit)
{
    public TradeOrderInput ToInput() => new(Symbol, Side, Quantity, Notional, Leverage, StopLoss, TakeProfit);
}

public sealed class OpenTradeValidator() : RulesValidator<OpenTradeRequest>((r, errors) => DeskRules.ParseOrder(r.ToInput(), errors));

/// <summary><c>POST /api/trades</c>, and seed 000's <c>POST /api/trades/open</c> with the same body and answer.</summary>
public sealed class OpenTrade(IGrainFactory grains) : Endpoint<OpenTradeRequest, Results<Created<QuickTradeView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post(TradesRoutes.List, TradesRoutes.List + "/open");
        Definition.Documented(TradesRoutes.Tag, "Open a quick trade at the live price (paper wallet; quantity or notional, not both)")
            .SignedIn().Idempotent().Rejects(404, 503);
    }

    public override async Task<Results<Created<QuickTradeView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(OpenTradeRequest request, CancellationToken ct)
    {
        var order = DeskRules.ParseOrder(request.ToInput(), new FieldErrors())!;
        return (await grains.GetGrain<IDeskGrain>(User.UserId()).OpenTrade(order)).ToHttp(t => TypedResults.Created(TradesRoutes.Of(t.Id), t));
    }
}
