using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.LeveragePolicies;

public sealed record DeleteLeveragePolicyRequest(string Symbol);

public sealed class DeleteLeveragePolicy(LeveragePolicyStore store) : Endpoint<DeleteLeveragePolicyRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/admin/leverage-policies/{symbol}");
        Definition.Documented(AdminLeveragePolicyRoutes.Tag, "Remove a symbol's cap (bots' own max leverage still applies)").AdminOnly().Rejects(404);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(DeleteLeveragePolicyRequest request, CancellationToken ct) =>
        (await store.DeleteAsync(request.Symbol, HttpContext.Actor(), ct)).ToHttp(_ => TypedResults.NoContent());
}
