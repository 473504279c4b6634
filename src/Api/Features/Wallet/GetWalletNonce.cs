using Arena.Api.Infrastructure;
using Arena.Grains.Auth.Wallet;
using FastEndpoints;
using Microsoft.Net.Http.Headers;

namespace Arena.Api.Features.Wallet;

/// <summary>
/// The standard client flow (viem's createSiweMessage, the wagmi and RainbowKit SIWE adapters, the siwe package): a bare
/// nonce, with the domain, URI, chain and statement the message must carry, for the client to build the message around.
/// The nonce is bound to the binding cookie set here, so only this cookie jar can use it.
/// </summary>
[RateLimited(WalletRateLimits.ChallengeRateLimit)]
public sealed class GetWalletNonce(WalletService wallets) : EndpointWithoutRequest<Results<Ok<WalletNonce>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/auth/wallet/nonce");
        Definition.Documented(WalletRoutes.Tag, "A nonce for a Sign-In with Ethereum message the client builds (links when the caller is signed in)")
            .Public();
    }

    public override async Task<Results<Ok<WalletNonce>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var issued = await wallets.IssueNonceAsync(User.UserIdOrNull(), WalletRoutes.Binding(HttpContext), WalletRoutes.Origin(HttpContext), ct);
        return issued.ToHttp(bound =>
        {
            WalletRoutes.IssueBinding(HttpContext, bound.Binding, bound.Nonce.ExpiresAt);
            HttpContext.Response.Headers[HeaderNames.CacheControl] = "no-store";
            return TypedResults.Ok(bound.Nonce);
        });
    }
}
