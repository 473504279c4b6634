using System.Threading.RateLimiting;
using Arena.Api.Infrastructure;
using Arena.Grains.Auth.Wallet;
using Microsoft.AspNetCore.RateLimiting;

namespace Arena.Api.Features.Wallet;

public static class WalletRateLimits
{
    public const string ChallengeRateLimit = "wallet-challenge";

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
}
