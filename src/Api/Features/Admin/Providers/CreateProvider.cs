using Arena.Api.Infrastructure;
using Arena.Grains.Providers;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Providers;

/// <summary>A new provider. Omitted numbers take their defaults (docs/providers.md).</summary>
public sealed record CreateProviderRequest(
    string? Id, string? Name, string? Kind, string? Strategy, string? BaseUrl, string? Model, Guid? CredentialId,
    int? TimeoutSeconds, int? MaxRetries, int? MaxConcurrency, decimal? Temperature, int? MaxTokens, bool? JsonMode, bool? IsActive)
{
    public ProviderInput ToInput() =>
        new(Name, Kind, Strategy, BaseUrl, Model, CredentialId, TimeoutSeconds, MaxRetries, MaxConcurrency, Temperature, MaxTokens, JsonMode, IsActive);
}

public sealed class CreateProvider(ProviderStore store) : Endpoint<CreateProviderRequest, Results<Created<ProviderView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/providers");
        Definition.Documented(AdminProviderRoutes.Tag, "Create a provider (rules strategy, or an OpenAI-compatible endpoint with an optional api_key credential)")
            .AdminOnly().Rejects(409);
    }

    public override async Task<Results<Created<ProviderView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CreateProviderRequest request, CancellationToken ct) =>
        (await store.CreateAsync(request.Id ?? "", request.ToInput(), HttpContext.Actor(), ct))
        .ToHttp(r => TypedResults.Created($"/api/admin/providers/{r.Settings.Id}", ProviderView.From(r)));
}
