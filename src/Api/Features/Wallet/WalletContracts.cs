using System.Text.Json.Serialization;
using Arena.Api.Infrastructure;
using Arena.Grains.Auth;
using Arena.Grains.Ethereum;
using Arena.Grains.Auth.Wallet;
using Arena.Grains.Users;

namespace Arena.Api.Features.Wallet;

/// <summary>Sign-In with Ethereum: challenge, verify (sign in or link), unlink, history. What those slices share.</summary>
internal static class WalletRoutes
{
    public const string Tag = "Wallet";

    /// <summary>
    /// The cookie holding the caller's nonce binding (see <see cref="WalletService.IssueNonceAsync"/>): HttpOnly, sent only
    /// to the wallet routes and only same-site, so another site's page cannot present it.
    /// </summary>
    public const string BindingCookie = "arena_wallet_binding";

    /// <summary>Where the request arrived: the SIWE domain and URI when none are configured, if the operator listed the Host.</summary>
    public static RequestOrigin Origin(HttpContext context)
    {
        var host = context.Request.Host.Value ?? "";
        return new(host, context.Request.Scheme, context.RequestServices.GetRequiredService<AllowedHosts>().Names(host));
    }

    public static string? Binding(HttpContext context) => context.Request.Cookies[BindingCookie];

    /// <summary>(Re)sets the binding cookie to last as long as the newest nonce bound to it.</summary>
    public static void IssueBinding(HttpContext context, string binding, DateTimeOffset expires)
    {
        var auth = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        context.Response.Cookies.Append(BindingCookie, binding, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = auth.SecureCookies ?? context.Request.IsHttps,
            Path = "/api/auth/wallet",
            Expires = expires,
            IsEssential = true,
        });
    }
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
