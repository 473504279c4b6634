using Arena.Api.Infrastructure;
using Arena.Grains.Desk;
using FastEndpoints;

namespace Arena.Api.Features.Trades;

public sealed class GetWallet(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<WalletView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/wallet");
        Definition.Documented(TradesRoutes.Tag, "The caller's paper wallet, with equity at live prices").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<WalletView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IDeskGrain>(User.UserId()).GetWallet()).ToHttp(TypedResults.Ok);
}
