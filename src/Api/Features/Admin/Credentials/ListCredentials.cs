using Arena.Api.Infrastructure;
using Arena.Grains.Secrets;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Credentials;

public sealed class ListCredentials(CredentialVault vault) : EndpointWithoutRequest<Ok<CredentialInfo[]>>
{
    public override void Configure()
    {
        Get("/api/admin/credentials");
        Definition.Documented(AdminCredentialRoutes.Tag, "Every credential's metadata (never a secret), by name").AdminOnly();
    }

    public override async Task<Ok<CredentialInfo[]>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok((await vault.ListAsync(ct)).ToArray());
}
