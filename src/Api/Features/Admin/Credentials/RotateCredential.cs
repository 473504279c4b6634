using Arena.Api.Infrastructure;
using Arena.Grains.Secrets;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Credentials;

/// <summary>
/// A new secret for the credential in the path; with <c>version</c>, a rotation by someone else in between is a 409.
/// No validator: what a valid secret is depends on the stored credential's kind.
/// </summary>
public sealed record RotateCredentialRequest(Guid Id, string? Secret, long? Version);

public sealed class RotateCredential(CredentialVault vault) : Endpoint<RotateCredentialRequest, Results<Ok<CredentialInfo>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/api/admin/credentials/{id:guid}/secret");
        Definition.Documented(AdminCredentialRoutes.Tag,
                "Replace a credential's secret (rotation); answers metadata only. 409 on a version mismatch or without a master key")
            .AdminOnly().Rejects(404, 409);
    }

    public override async Task<Results<Ok<CredentialInfo>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(RotateCredentialRequest request, CancellationToken ct) =>
        (await vault.RotateAsync(request.Id, request.Secret, request.Version, HttpContext.Actor(), ct)).ToHttp(TypedResults.Ok);
}
