using Arena.Api.Infrastructure;
using Arena.Grains.Providers;

namespace Arena.Api.Features.Admin.Providers;

/// <summary>An AI provider as the admin API shows it: settings and the credential's id, never a secret.</summary>
public sealed record ProviderView(
    string Id, string Name, string Kind, string? Strategy, string? BaseUrl, string? Model, Guid? CredentialId,
    int TimeoutSeconds, int MaxRetries, int MaxConcurrency, decimal? Temperature, int? MaxTokens, bool JsonMode, bool IsActive,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProviderView From(ProviderRecord r)
    {
        var s = r.Settings;
        return new ProviderView(s.Id, s.Name, s.Kind, s.Strategy, s.BaseUrl, s.Model, s.CredentialId, (int)s.Timeout.TotalSeconds, s.MaxRetries,
            s.MaxConcurrency, s.Temperature, s.MaxTokens, s.JsonMode, s.IsActive, s.Version, r.CreatedAt, r.UpdatedAt);
    }
}

/// <summary>A new provider. Omitted numbers take their defaults (docs/providers.md).</summary>
public sealed record CreateProviderRequest(
    string? Id, string? Name, string? Kind, string? Strategy, string? BaseUrl, string? Model, Guid? CredentialId,
    int? TimeoutSeconds, int? MaxRetries, int? MaxConcurrency, decimal? Temperature, int? MaxTokens, bool? JsonMode, bool? IsActive)
{
    public ProviderInput ToInput() =>
        new(Name, Kind, Strategy, BaseUrl, Model, CredentialId, TimeoutSeconds, MaxRetries, MaxConcurrency, Temperature, MaxTokens, JsonMode, IsActive);
}

/// <summary>A full replacement of a provider, based on the <c>version</c> the admin read.</summary>
public sealed record UpdateProviderRequest(
    long? Version, string? Name, string? Kind, string? Strategy, string? BaseUrl, string? Model, Guid? CredentialId,
    int? TimeoutSeconds, int? MaxRetries, int? MaxConcurrency, decimal? Temperature, int? MaxTokens, bool? JsonMode, bool? IsActive)
{
    public ProviderInput ToInput() =>
        new(Name, Kind, Strategy, BaseUrl, Model, CredentialId, TimeoutSeconds, MaxRetries, MaxConcurrency, Temperature, MaxTokens, JsonMode, IsActive);
}

/// <summary><c>/api/admin/providers</c>: the decision providers bots call (rules strategies and OpenAI-compatible endpoints).</summary>
public static class AdminProvidersApi
{
    public static RouteGroupBuilder MapAdminProviders(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/providers").WithTags("Admin: providers");
        group.MapGet("/", ListProviders).WithSummary("Every provider, by id (credential ids only, never secrets)");
        group.MapGet("/{id}", GetProvider).Rejects(404).WithSummary("One provider");
        group.MapPost("/", CreateProvider).Rejects(409).WithSummary("Create a provider (rules strategy, or an OpenAI-compatible endpoint with an optional api_key credential)");
        group.MapPut("/{id}", UpdateProvider).Rejects(404, 409)
            .WithSummary("Replace every field of a provider; 'version' must be the one read (409 when someone changed it since)");
        group.MapDelete("/{id}", DeleteProvider).Rejects(404, 409).WithSummary("Delete a provider no bot uses (409 naming the bots that do)");
        return group;
    }

    public static async Task<Ok<ProviderView[]>> ListProviders(ProviderStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(ProviderView.From).ToArray());

    public static async Task<Results<Ok<ProviderView>, ValidationProblem, ProblemHttpResult>> GetProvider(string id, ProviderStore store, CancellationToken cancellationToken) =>
        (await store.GetAsync(id, cancellationToken)).ToHttp(r => TypedResults.Ok(ProviderView.From(r)));

    public static async Task<Results<Created<ProviderView>, ValidationProblem, ProblemHttpResult>> CreateProvider(
        CreateProviderRequest request, ProviderStore store, HttpContext context) =>
        (await store.CreateAsync(request.Id ?? "", request.ToInput(), context.Actor(), context.RequestAborted))
        .ToHttp(r => TypedResults.Created($"/api/admin/providers/{r.Settings.Id}", ProviderView.From(r)));

    public static async Task<Results<Ok<ProviderView>, ValidationProblem, ProblemHttpResult>> UpdateProvider(
        string id, UpdateProviderRequest request, ProviderStore store, HttpContext context)
    {
        if (request.Version is not { } version) return AdminApi.MissingVersion();
        return (await store.UpdateAsync(id, version, request.ToInput(), context.Actor(), context.RequestAborted)).ToHttp(r => TypedResults.Ok(ProviderView.From(r)));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteProvider(string id, ProviderStore store, HttpContext context) =>
        (await store.DeleteAsync(id, context.Actor(), context.RequestAborted)).ToHttp(_ => TypedResults.NoContent());
}
