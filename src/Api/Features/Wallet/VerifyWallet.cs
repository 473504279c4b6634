using Arena.Api.Infrastructure;
using Arena.Grains.Auth.Wallet;
using FastEndpoints;

namespace Arena.Api.Features.Wallet;

/// <summary>
/// The message exactly as the wallet signed it (a challenge's text, or one the client built around a nonce from
/// GET /api/auth/wallet/nonce, which then needs that request's binding cookie), and the wallet's signature (hex r ‖ s ‖ v).
/// </summary>
public sealed record VerifyWalletRequest(string? Message, string? Signature);

public sealed class VerifyWalletValidator() : RulesValidator<VerifyWalletRequest>((r, errors) => WalletRules.CheckProof(r.Message, r.Signature, errors));

public sealed class VerifyWallet(WalletService wallets) : Endpoint<VerifyWalletRequest, Results<Ok<WalletVerifiedResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/api/auth/wallet");
        Definition.Documented(WalletRoutes.Tag, "Verify a signed challenge or client-built message: signs the wallet's user in, or links the wallet to the signed-in caller")
            .Public().Rejects(401, 404, 409);
    }

    public override async Task<Results<Ok<WalletVerifiedResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(VerifyWalletRequest request, CancellationToken ct)
    {
        var origin = WalletRoutes.Origin(HttpContext);
        var proof = new WalletProof(request.Message, request.Signature, WalletRoutes.Binding(HttpContext));
        if (User.UserIdOrNull() is { } callerId)
        {
            var linked = await wallets.LinkAsync(callerId, proof, origin, ct);
            return linked.ToHttp(user => TypedResults.Ok(new WalletVerifiedResponse(user)));
        }
        var signedIn = await wallets.SignInAsync(proof, origin, HttpContext.Client(), ct);
        return signedIn.ToHttp(s =>
        {
            SessionCookie.Issue(HttpContext, s.Session);
            return TypedResults.Ok(new WalletVerifiedResponse(s.User, s.Session.Token, s.Session.ExpiresAt));
        });
    }
}
