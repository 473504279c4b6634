using Arena.Api.Infrastructure;
using Arena.Grains.Bots;
using FastEndpoints;

namespace Arena.Api.Features.Admin.LeveragePolicies;

public sealed record SetLeveragePolicyRequest(string Symbol, int? MaxLeverage);

public sealed class SetLeveragePolicyValidator() : RulesValidator<SetLeveragePolicyRequest>((r, errors) => LeveragePolicyStore.Check(r.Symbol, r.MaxLeverage, errors));

public sealed class SetLeveragePolicy(LeveragePolicyStore store)
    : Endpoint<SetLeveragePolicyRequest, Results<Created<LeveragePolicy>, Ok<LeveragePolicy>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/api/admin/leverage-policies/{symbol}");
        Definition.Documented(AdminLeveragePolicyRoutes.Tag,
            "Create (201) or change (200) a known market symbol's leverage cap, 1-125; applies to the next decision on every silo").AdminOnly();
    }

    public override async Task<Results<Created<LeveragePolicy>, Ok<LeveragePolicy>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        SetLeveragePolicyRequest request, CancellationToken ct)
    {
        var written = await store.SetAsync(request.Symbol, request.MaxLeverage, HttpContext.Actor(), ct);
        if (written.Rejection is { } rejection) return rejection.Kind == RejectionKind.Invalid ? rejection.ToValidationProblem() : rejection.ToProblem();
        var (policy, created) = written.Value!;
        return created ? TypedResults.Created($"/api/admin/leverage-policies/{policy.Symbol}", policy) : TypedResults.Ok(policy);
    }
}
