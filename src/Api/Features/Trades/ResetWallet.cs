using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

public sealed class ResetWallet(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<WalletReset>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/wallet/reset");
        Definition.Documented(TradesRoutes.Tag, "Close every open quick trade at the live price and restore the starting balance").SignedIn().Idempotent().Rejects(404);
    }

    public override async Task<Results<Ok<WalletReset>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(User.UserId()).ResetWallet()).ToHttp(TypedResults.Ok);
}
