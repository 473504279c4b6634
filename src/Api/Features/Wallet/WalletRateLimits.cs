using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
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
            return RateLimitPartition.GetFixedWindowLimiter(ClientPartition(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = siwe.ChallengeLimit,
                Window = siwe.ChallengeWindow,
                QueueLimit = 0,
            });
        });

    private static string ClientPartition(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
