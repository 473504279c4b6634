using Arena.Api.Infrastructure;
using Arena.Grains.Bots;

namespace Arena.Api.Features.Admin.LeveragePolicies;

public sealed record SetLeveragePolicyRequest(int? MaxLeverage);

/// <summary>
/// <c>/api/admin/leverage-policies</c>: per-symbol leverage caps. A decision's leverage is limited by the lower
/// of its bot's <c>maxLeverage</c> and its symbol's policy; a change applies to the next decision validated on
/// any silo (<see cref="LeveragePolicyStore"/>).
/// </summary>
public static class AdminLeveragePoliciesApi
{
    public static RouteGroupBuilder MapAdminLeveragePolicies(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/leverage-policies").WithTags("Admin: leverage policies");
        group.MapGet("/", ListPolicies).WithSummary("Every symbol's leverage cap, by symbol");
        group.MapGet("/{symbol}", GetPolicy).Rejects(404).WithSummary("One symbol's leverage cap (the symbol is matched upper-case)");
        group.MapPut("/{symbol}", SetPolicy)
            .WithSummary("Create (201) or change (200) a known market symbol's leverage cap, 1-125; applies to the next decision on every silo");
        group.MapDelete("/{symbol}", DeletePolicy).Rejects(404).WithSummary("Remove a symbol's cap (bots' own max leverage still applies)");
        return group;
    }

    public static async Task<Ok<LeveragePolicy[]>> ListPolicies(LeveragePolicyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).ToArray());

    public static async Task<Results<Ok<LeveragePolicy>, ValidationProblem, ProblemHttpResult>> GetPolicy(
        string symbol, LeveragePolicyStore store, CancellationToken cancellationToken) =>
        (await store.GetAsync(symbol, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Created<LeveragePolicy>, Ok<LeveragePolicy>, ValidationProblem, ProblemHttpResult>> SetPolicy(
        string symbol, SetLeveragePolicyRequest request, LeveragePolicyStore store, HttpContext context)
    {
        var written = await store.SetAsync(symbol, request.MaxLeverage, context.Actor(), context.RequestAborted);
        if (written.Rejection is { } rejection) return rejection.Kind == RejectionKind.Invalid ? rejection.ToValidationProblem() : rejection.ToProblem();
        var (policy, created) = written.Value!;
        return created ? TypedResults.Created($"/api/admin/leverage-policies/{policy.Symbol}", policy) : TypedResults.Ok(policy);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeletePolicy(string symbol, LeveragePolicyStore store, HttpContext context) =>
        (await store.DeleteAsync(symbol, context.Actor(), context.RequestAborted)).ToHttp(_ => TypedResults.NoContent());
}
