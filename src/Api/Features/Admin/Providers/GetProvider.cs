using Arena.Api.Infrastructure;
using Arena.Grains.Providers;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Providers;

public sealed record GetProviderRequest(string Id);

public sealed class GetProvider(ProviderStore store) : Endpoint<GetProviderRequest, Results<Ok<ProviderView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/providers/{id}");
        Definition.Documented(AdminProviderRoutes.Tag, "One provider").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<ProviderView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetProviderRequest request, CancellationToken ct) =>
        (await store.GetAsync(request.Id, ct)).ToHttp(r => TypedResults.Ok(ProviderView.From(r)));
}
