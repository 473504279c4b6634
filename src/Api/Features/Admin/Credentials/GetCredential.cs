using Arena.Api.Infrastructure;
using Arena.Grains.Secrets;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Credentials;

public sealed record GetCredentialRequest(Guid Id);

public sealed class GetCredential(CredentialVault vault) : Endpoint<GetCredentialRequest, Results<Ok<CredentialInfo>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/admin/credentials/{id:guid}");
        Definition.Documented(AdminCredentialRoutes.Tag, "One credential's metadata").AdminOnly().Rejects(404);
    }

    public override async Task<Results<Ok<CredentialInfo>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(GetCredentialRequest request, CancellationToken ct) =>
        (await vault.GetAsync(request.Id, ct)).ToHttp(TypedResults.Ok);
}
