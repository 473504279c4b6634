using Arena.Api.Infrastructure;
using Arena.Grains.Providers;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Providers;

/// <summary>A full replacement of the provider in the path, based on the <c>version</c> the admin read.</summary>
public sealed record UpdateProviderRequest(
    string Id, long? Version, string? Name, string? Kind, string? Strategy, string? BaseUrl, string? Model, Guid? CredentialId,
    int? TimeoutSeconds, int? MaxRetries, int? MaxConcurrency, decimal? Temperature, int? MaxTokens, bool? JsonMode, bool? IsActive)
{
    public ProviderInput ToInput() =>
        new(Name, Kind, Strategy, BaseUrl, Model, CredentialId, TimeoutSeconds, MaxRetries, MaxConcurrency, Temperature, MaxTokens, JsonMode, IsActive);
}

/// <summary>The version only: the provider's own rules depend on the silo's network options, so the store applies them.</summary>
public sealed class UpdateProviderValidator() : RulesValidator<UpdateProviderRequest>((r, errors) => AdminEndpoint.CheckVersion(r.Version, errors));

public sealed class UpdateProvider(ProviderStore store) : Endpoint<UpdateProviderRequest, Results<Ok<ProviderView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/api/admin/providers/{id}");
        Definition.Documented(AdminProviderRoutes.Tag, "Replace every field of a provider; 'version' must be the one read (409 when someone changed it since)")
            .AdminOnly().Rejects(404, 409);
    }

    public override async Task<Results<Ok<ProviderView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(UpdateProviderRequest request, CancellationToken ct)
    {
        if (request.Version is not { } version) return AdminEndpoint.MissingVersion();
        return (await store.UpdateAsync(request.Id, version, request.ToInput(), HttpContext.Actor(), ct)).ToHttp(r => TypedResults.Ok(ProviderView.From(r)));
    }
}
