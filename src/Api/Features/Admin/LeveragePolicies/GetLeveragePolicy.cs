using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.LeveragePolicies;

public sealed record GetLeveragePolicyRequest(string Symbol);

public sealed class GetLeveragePolicy(LeveragePolicyStore store)
    : Endpoint<GetLeveragePolicyRequest, Results<Ok<LeveragePolicy>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/leverage-policies/{symbol}");
        Definition.Documented(AdminLeveragePolicyRoutes.Tag, "One symbol's leverage cap (the symbol is matched upper-case)").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<LeveragePolicy>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetLeveragePolicyRequest request, CancellationToken ct) =>
        (await store.GetAsync(request.Symbol, ct)).ToHttp(TypedResults.Ok);
}
