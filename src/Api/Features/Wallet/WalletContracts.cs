using System.Text.Json.Serialization;
using Arena.Grains.Ethereum;
using Arena.Grains.Auth.Wallet;
using Arena.Grains.Users;

namespace Arena.Api.Features.Wallet;

/// <summary>Sign-In with Ethereum: challenge, verify (sign in or link), unlink, history. What those slices share.</summary>
internal static class WalletRoutes
{
    public const string Tag = "Wallet";

    /// <summary>Where the request arrived: the SIWE domain and URI when none are configured.</summary>
    public static RequestOrigin Origin(HttpContext context) => new(context.Request.Host.Value ?? "", context.Request.Scheme);
}

/// <summary>
/// A verified proof. Anonymous callers are signed in: <c>token</c> and <c>expiresAt</c> are set, as for
/// /api/auth/login. Signed-in callers have the wallet linked: only <c>user</c> is present.
/// </summary>
public sealed record WalletVerifiedResponse(
    UserView User,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt = null);

/// <summary>One wallet history row; <c>action</c> is link, unlink or sign_in, <c>chainId</c> null for unlink.</summary>
public sealed record WalletConnectionView(Guid Id, string Address, string Action, int? ChainId, DateTimeOffset OccurredAt)
{
    public static WalletConnectionView From(WalletConnection c) =>
        new(c.Id, EthereumAddress.ToChecksum(c.Address), WalletRows.ActionName(c.Action), c.ChainId, c.OccurredAt);
}
