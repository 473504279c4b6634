using Arena.Api.Infrastructure;
using Arena.Grains.Secrets;

namespace Arena.Api.Features.Admin.Credentials;

public sealed record NewCredentialRequest(string? Name, string? Kind, string? Secret, string? Description);

/// <summary>A new secret for an existing credential; with <c>version</c>, a rotation by someone else in between is a 409.</summary>
public sealed record RotateCredentialRequest(string? Secret, long? Version);

/// <summary>
/// <c>/api/admin/credentials</c>: API keys sealed in the vault. Write-only: a secret goes in through POST or
/// PUT .../secret and never comes back out: answers carry <see cref="CredentialInfo"/> (metadata) only, and
/// error messages describe rules, never values. Without <c>ARENA_MASTER_KEY</c> metadata can be read but
/// writes are 409 (the server's state, not the request, is wrong; retrying will not help, so not 503).
/// </summary>
public static class AdminCredentialsApi
{
    public static RouteGroupBuilder MapAdminCredentials(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/credentials").WithTags("Admin: credentials");
        group.MapGet("/", ListCredentials).WithSummary("Every credential's metadata (never a secret), by name");
        group.MapGet("/{id:guid}", GetCredential).Rejects(404).WithSummary("One credential's metadata");
        group.MapPost("/", CreateCredential).Rejects(409)
            .WithSummary("Store a secret (kind api_key or exchange_key); answers metadata only. 409 when the name is taken or the vault has no master key");
        group.MapPut("/{id:guid}/secret", RotateCredential).Rejects(404, 409)
            .WithSummary("Replace a credential's secret (rotation); answers metadata only. 409 on a version mismatch or without a master key");
        group.MapDelete("/{id:guid}", DeleteCredential).Rejects(404, 409).WithSummary("Delete a credential no provider uses (409 naming the providers that do)");
        return group;
    }

    public static async Task<Ok<CredentialInfo[]>> ListCredentials(CredentialVault vault, CancellationToken cancellationToken) =>
        TypedResults.Ok((await vault.ListAsync(cancellationToken)).ToArray());

    public static async Task<Results<Ok<CredentialInfo>, ValidationProblem, ProblemHttpResult>> GetCredential(
        Guid id, CredentialVault vault, CancellationToken cancellationToken) =>
        (await vault.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Created<CredentialInfo>, ValidationProblem, ProblemHttpResult>> CreateCredential(
        NewCredentialRequest request, CredentialVault vault, HttpContext context) =>
        (await vault.CreateAsync(new NewCredential(request.Name, request.Kind, request.Secret, request.Description), context.Actor(), context.RequestAborted))
        .ToHttp(info => TypedResults.Created($"/api/admin/credentials/{info.Id:D}", info));

    public static async Task<Results<Ok<CredentialInfo>, ValidationProblem, ProblemHttpResult>> RotateCredential(
        Guid id, RotateCredentialRequest request, CredentialVault vault, HttpContext context) =>
        (await vault.RotateAsync(id, request.Secret, request.Version, context.Actor(), context.RequestAborted)).ToHttp(TypedResults.Ok);

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteCredential(Guid id, CredentialVault vault, HttpContext context) =>
        (await vault.DeleteAsync(id, context.Actor(), context.RequestAborted)).ToHttp(_ => TypedResults.NoContent());
}
