using Arena.Api.Infrastructure;
using Arena.Grains.Auth.Wallet;
using FastEndpoints;

namespace Arena.Api.Features.Wallet;

public sealed record ChallengeWalletRequest(string? Address);

public sealed class ChallengeWalletValidator() : RulesValidator<ChallengeWalletRequest>((r, errors) => WalletRules.CheckAddress(r.Address, errors));

[RateLimited(WalletRateLimits.ChallengeRateLimit)]
public sealed class ChallengeWallet(WalletService wallets) : Endpoint<ChallengeWalletRequest, Results<Ok<WalletChallenge>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/auth/wallet/challenge");
        Definition.Documented(WalletRoutes.Tag, "A Sign-In with Ethereum message for the address to sign (links when the caller is signed in)")
            .Public();
    }

    public override async Task<Results<Ok<WalletChallenge>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ChallengeWalletRequest request, CancellationToken ct) =>
        (await wallets.ChallengeAsync(request.Address, User.UserIdOrNull(), WalletRoutes.Origin(HttpContext), ct)).ToHttp(TypedResults.Ok);
}
