using Arena.Api.Infrastructure;
using Arena.Grains.Providers;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Providers;

public sealed record DeleteProviderRequest(string Id);

public sealed class DeleteProvider(ProviderStore store) : Endpoint<DeleteProviderRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/admin/providers/{id}");
        Definition.Documented(AdminProviderRoutes.Tag, "Delete a provider no bot uses (409 naming the bots that do)").AdminOnly().Rejects(404, 409);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(DeleteProviderRequest request, CancellationToken ct) =>
        (await store.DeleteAsync(request.Id, HttpContext.Actor(), ct)).ToHttp(_ => TypedResults.NoContent());
}
