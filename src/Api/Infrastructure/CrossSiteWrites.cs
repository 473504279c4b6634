namespace Arena.Api.Infrastructure;

/// <summary>
/// Refuses (403) a POST, PUT, PATCH or DELETE that the session cookie authenticated unless its <c>Origin</c>, or without
/// one its <c>Referer</c>, is this server's own origin or one of <c>Arena:Http:AllowedOrigins</c>. A foreign page can
/// make a browser send the cookie (a form post or a simple fetch needs no preflight) but cannot choose these headers.
/// A cookie write that names neither is refused too: browsers always send Origin on such requests, so only a
/// non-browser client omits it, and that client can present the token as a bearer header instead. Bearer requests and
/// anonymous ones are not checked: a foreign page cannot attach a bearer header without a CORS preflight.
/// </summary>
public sealed class CrossSiteWrites(RequestDelegate next, IOptions<HttpOptions> options)
{
    private readonly IReadOnlySet<string> allowed = options.Value.NormalizedOrigins();

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsWrite(request.Method) || !context.User.PresentedByCookie()) return next(context);
        var claimed = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : request.Headers.Referer.ToString();
        var origin = WebOrigin.Of(claimed);
        if (origin is not null && (origin == WebOrigin.OfRequest(request) || allowed.Contains(origin))) return next(context);
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused.",
                detail: "A write signed in by the session cookie must come from this site or an allowed origin (Origin or Referer header); "
                        + "other clients send the token as 'Authorization: Bearer'.")
            .ExecuteAsync(context);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
