using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.LeveragePolicies;

public sealed class ListLeveragePolicies(LeveragePolicyStore store) : EndpointWithoutRequest<Ok<LeveragePolicy[]>>
{
    public override void Configure()
    {
        Get("/api/admin/leverage-policies");
        Definition.Documented(AdminLeveragePolicyRoutes.Tag, "Every symbol's leverage cap, by symbol").AdminOnly();
    }

    public override async Task<Ok<LeveragePolicy[]>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).ToArray());
}
