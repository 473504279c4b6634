using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

public sealed record ConvertSignalRequest(long Id, decimal? Quantity, decimal? Notional, int? Leverage)
{
    public SignalConversion ToConversion() => new(Quantity, Notional, Leverage);
}

public sealed class ConvertSignalValidator() : RulesValidator<ConvertSignalRequest>((r, errors) => SignalConversions.Check(r.ToConversion(), errors));

/// <summary>Lives with the quick trades it opens; the signals feature owns the rest of <c>/api/signals</c>.</summary>
public sealed class ConvertSignal(IGrainFactory grains) : Endpoint<ConvertSignalRequest, Results<Created<QuickTradeView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/signals/{id:long}/convert");
        Definition.Documented(TradesRoutes.Tag, "Open a quick trade from an active long or short signal (side, stop-loss, take-profit and leverage from it)")
            .SignedIn().Idempotent().Rejects(404, 503);
    }

    public override async Task<Results<Created<QuickTradeView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ConvertSignalRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(User.UserId()).ConvertSignal(request.Id, request.ToConversion())).ToHttp(t => TypedResults.Created(TradesRoutes.Of(t.Id), t));
}
