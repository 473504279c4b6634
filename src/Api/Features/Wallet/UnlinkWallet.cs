using Arena.Api.Infrastructure;
using Arena.Grains.Auth.Wallet;
using FastEndpoints;

namespace Arena.Api.Features.Wallet;

public sealed record UnlinkWalletRequest(string Address);

public sealed class UnlinkWalletValidator() : RulesValidator<UnlinkWalletRequest>((r, errors) => WalletRules.CheckAddress(r.Address, errors));

public sealed class UnlinkWallet(WalletService wallets) : Endpoint<UnlinkWalletRequest, Results<NoContent, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("/api/auth/wallet/{address}");
        Definition.Documented(WalletRoutes.Tag, "Unlink one of the caller's wallets").SignedIn().Rejects(404, 409);
    }

    public override async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ExecuteAsync(UnlinkWalletRequest request, CancellationToken ct) =>
        (await wallets.UnlinkAsync(User.UserId(), request.Address)).ToHttp(_ => TypedResults.NoContent());
}
