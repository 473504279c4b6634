using Arena.Api.Infrastructure;
using Arena.Grains.Secrets;
using FastEndpoints;

namespace Arena.Api.Features.Admin.Credentials;

public sealed record CreateCredentialRequest(string? Name, string? Kind, string? Secret, string? Description)
{
    public NewCredential ToCredential() => new(Name, Kind, Secret, Description);
}

public sealed class CreateCredentialValidator() : RulesValidator<CreateCredentialRequest>((r, errors) => CredentialVault.CheckNew(r.ToCredential(), errors));

public sealed class CreateCredential(CredentialVault vault) : Endpoint<CreateCredentialRequest, Results<Created<CredentialInfo>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/admin/credentials");
        Definition.Documented(AdminCredentialRoutes.Tag,
                "Store a secret (kind api_key or exchange_key); answers metadata only. 409 when the name is taken or the vault has no master key")
            .AdminOnly().Rejects(409);
    }

    public override async Task<Results<Created<CredentialInfo>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CreateCredentialRequest request, CancellationToken ct) =>
        (await vault.CreateAsync(request.ToCredential(), HttpContext.Actor(), ct))
        .ToHttp(info => TypedResults.Created($"/api/admin/credentials/{info.Id:D}", info));
}
