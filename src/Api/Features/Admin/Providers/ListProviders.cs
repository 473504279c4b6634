using Arena.Api.Infrastructure;
using Arena.Grains.Providers;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Providers;

public sealed class ListProviders(ProviderStore store) : EndpointWithoutRequest<Ok<ProviderView[]>>
{
    public override void Configure()
    {
        Get("/api/admin/providers");
        Definition.Documented(AdminProviderRoutes.Tag, "Every provider, by id (credential ids only, never secrets)").AdminOnly();
    }

    public override async Task<Ok<ProviderView[]>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(ProviderView.From).ToArray());
}
