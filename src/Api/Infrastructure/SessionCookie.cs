using Arena.Grains.Auth;

namespace Arena.Api.Infrastructure;

/// <summary>Writes and clears the <c>arena_session</c> cookie (HttpOnly, SameSite=Lax, Secure over HTTPS or when configured).</summary>
public static class SessionCookie
{
    public static void Issue(HttpContext context, NewSession session)
    {
        var auth = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        context.Response.Cookies.Append(SessionAuthenticationHandler.CookieName, session.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = auth.SecureCookies ?? context.Request.IsHttps,
            Path = "/",
            Expires = session.AbsoluteExpiresAt, // the idle timeout is enforced server-side
            IsEssential = true,
        });
    }

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(SessionAuthenticationHandler.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });
}
