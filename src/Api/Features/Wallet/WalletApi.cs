using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Arena.Api.Infrastructure;
using Arena.Grains.Auth.Wallet;
using Microsoft.AspNetCore.RateLimiting;

namespace Arena.Api.Features.Wallet;

/// <summary>Sign-In with Ethereum: challenge, verify (sign in or link), unlink, history.</summary>
public static class WalletApi
{
    public const string ChallengeRateLimit = "wallet-challenge";

    public static IEndpointRouteBuilder MapWallet(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/auth/wallet").WithTags("Wallet");
        group.MapPost("/challenge", Challenge).AllowAnonymous().RequireRateLimiting(ChallengeRateLimit).Rejects(429)
            .WithSummary("A Sign-In with Ethereum message for the address to sign (links when the caller is signed in)");
        group.MapPost("/", Verify).AllowAnonymous().Rejects(401, 404, 409)
            .WithSummary("Verify a signed challenge: signs the wallet's user in, or links the wallet to the signed-in caller");
        group.MapDelete("/{address}", Unlink).RequireSignedIn().Rejects(404, 409).WithSummary("Unlink one of the caller's wallets");
        group.MapGet("/history", History).RequireSignedIn().WithSummary("The caller's wallet links, unlinks and sign-ins, newest first");
        return app;
    }

    /// <summary>
    /// Challenges are limited per client address (IPv6 per /64, what one host usually holds), so nobody can
    /// flood wallet_nonces. The limit is per silo: behind N silos a client may get N times as many.
    /// </summary>
    public static void AddWalletRateLimits(this RateLimiterOptions options) =>
        options.AddPolicy(ChallengeRateLimit, context =>
        {
            var siwe = context.RequestServices.GetRequiredService<IOptions<SiweOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Partition(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = siwe.ChallengeLimit,
                Window = siwe.ChallengeWindow,
                QueueLimit = 0,
            });
        });

    public static async Task<Results<Ok<WalletChallenge>, ValidationProblem, ProblemHttpResult>> Challenge(
        WalletChallengeRequest request, ClaimsPrincipal principal, WalletService wallets, HttpContext context) =>
        (await wallets.ChallengeAsync(request.Address, principal.UserIdOrNull(), Origin(context), context.RequestAborted)).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<WalletVerifiedResponse>, ValidationProblem, ProblemHttpResult>> Verify(
        WalletProofRequest request, ClaimsPrincipal principal, WalletService wallets, HttpContext context)
    {
        if (principal.UserIdOrNull() is { } callerId)
        {
            var linked = await wallets.LinkAsync(callerId, request.Message, request.Signature, Origin(context), context.RequestAborted);
            return linked.ToHttp(user => TypedResults.Ok(new WalletVerifiedResponse(user)));
        }
        var signedIn = await wallets.SignInAsync(request.Message, request.Signature, Origin(context), context.Client(), context.RequestAborted);
        return signedIn.ToHttp(s =>
        {
            SessionCookie.Issue(context, s.Session);
            return TypedResults.Ok(new WalletVerifiedResponse(s.User, s.Session.Token, s.Session.ExpiresAt));
        });
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unlink(string address, ClaimsPrincipal principal, WalletService wallets) =>
        (await wallets.UnlinkAsync(principal.UserId(), address)).ToHttp(_ => TypedResults.NoContent());

    public static async Task<Ok<WalletConnectionView[]>> History(ClaimsPrincipal principal, WalletStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.HistoryAsync(principal.UserId(), cancellationToken)).Select(WalletConnectionView.From).ToArray());

    private static RequestOrigin Origin(HttpContext context) => new(context.Request.Host.Value ?? "", context.Request.Scheme);
}
