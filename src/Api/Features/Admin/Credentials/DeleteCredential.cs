using Arena.Api.Infrastructure;
using Arena.Grains.Secrets;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Credentials;

public sealed record DeleteCredentialRequest(Guid Id);

public sealed class DeleteCredential(CredentialVault vault) : Endpoint<DeleteCredentialRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/admin/credentials/{id:guid}");
        Definition.Documented(AdminCredentialRoutes.Tag, "Delete a credential no provider uses (409 naming the providers that do)").AdminOnly().Rejects(404, 409);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(DeleteCredentialRequest request, CancellationToken ct) =>
        (await vault.DeleteAsync(request.Id, HttpContext.Actor(), ct)).ToHttp(_ => TypedResults.NoContent());
}
