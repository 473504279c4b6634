using Microsoft.Net.Http.Headers;

namespace Arena.Api.Infrastructure;

/// <summary>
/// The headers every answer carries, set as it starts so that problems, 404s and answers rewritten by the exception
/// handler carry them too: no MIME sniffing, no framing, no referrer, a CSP that lets a JSON answer load nothing
/// (HTML pages, Swagger UI and the dashboard, keep their scripts and only refuse framing), HSTS over HTTPS, and
/// <c>Cache-Control: no-store</c> on everything that carries or sets a session or answers a sign-in.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<HttpOptions> options)
{
    private static readonly string[] SignInFeatures = ["Auth", "Wallet"];

    private readonly string? hsts = options.Value.HstsMaxAge > TimeSpan.Zero
        ? "max-age=" + (long)options.Value.HstsMaxAge.TotalSeconds
        : null;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (headers.ContentSecurityPolicy.Count == 0)
            headers.ContentSecurityPolicy = IsHtml(context.Response.ContentType) ? "frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'";
        if (hsts is not null && context.Request.IsHttps) headers.StrictTransportSecurity = hsts;
        if (CarriesSession(context)) headers.CacheControl = "no-store";
    }

    private static bool IsHtml(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase);

    private static bool CarriesSession(HttpContext context) =>
        SessionAuthenticationHandler.ReadToken(context.Request) is not null
        || context.Response.Headers.SetCookie.Any(c => c?.StartsWith(SessionAuthenticationHandler.CookieName + "=", StringComparison.Ordinal) == true)
        || SignInFeatures.Contains(EndpointFeature.Of(context), StringComparer.Ordinal);
}
