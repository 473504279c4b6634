using System.Text.Encodings.Web;
using Arena.Grains.Auth;
using Microsoft.AspNetCore.Authentication;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Authenticates a request by its session token: <c>Authorization: Bearer &lt;token&gt;</c> or the
/// <c>arena_session</c> cookie. Never from the URL (it would end up in logs). The token is checked
/// against the database on every request, so logout and revocation take effect on every silo at once.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionStore sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";
    public const string CookieName = "arena_session";
    public const string SessionIdClaim = "sid";

    /// <summary>How the token came: <c>cookie</c> or <c>bearer</c>. Cookie-authenticated writes are origin-checked (<see cref="CrossSiteWrites"/>).</summary>
    public const string TokenSourceClaim = "token_source";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (token, source) = ReadPresentedToken(Request);
        if (token is null) return AuthenticateResult.NoResult();
        var principal = await sessions.ValidateAsync(token, Context.RequestAborted);
        if (principal is null) return AuthenticateResult.Fail("The session is unknown, expired or revoked.");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, principal.UserId.ToString("D")),
            new Claim(SessionIdClaim, principal.SessionId.ToString("D")),
            new Claim(ClaimTypes.Role, principal.Role),
            new Claim("exp_at", principal.ExpiresAt.ToString("O")),
            new Claim(TokenSourceClaim, source),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public static string? ReadToken(HttpRequest request) => ReadPresentedToken(request).Token;

    private static (string? Token, string Source) ReadPresentedToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return (header["Bearer ".Length..].Trim(), "bearer");
        return (request.Cookies.TryGetValue(CookieName, out var cookie) && !string.IsNullOrEmpty(cookie) ? cookie : null, "cookie");
    }
}

public static class CurrentUser
{
    public const string AdminPolicy = "admin";

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static Guid? UserIdOrNull(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid SessionId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(SessionAuthenticationHandler.SessionIdClaim) ?? throw new InvalidOperationException("Not signed in."));

    /// <summary>Signed in by the <c>arena_session</c> cookie rather than a bearer header.</summary>
    public static bool PresentedByCookie(this ClaimsPrincipal user) =>
        user.FindFirstValue(SessionAuthenticationHandler.TokenSourceClaim) == "cookie";

    public static DateTimeOffset SessionExpiresAt(this ClaimsPrincipal user) =>
        DateTimeOffset.Parse(user.FindFirstValue("exp_at")!, System.Globalization.CultureInfo.InvariantCulture);

    public static ClientInfo Client(this HttpContext context) =>
        new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
            ClientAddress.Partition(context.Connection.RemoteIpAddress));
}
