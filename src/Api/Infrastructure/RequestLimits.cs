using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Arena.Api.Infrastructure;

/// <summary>
/// The request target, header and body limits, answered with problem bodies. Kestrel answers its own limits with an
/// empty body before any middleware runs, so its limits are set to twice these and these are enforced here: only a
/// request past Kestrel's (a 16 KiB request line, 64 KiB of headers) or one it cannot parse gets its bare answer.
/// The body limit is per route, by feature folder (<see cref="BodyLimitOptions"/>): a declared length over it is
/// refused before the endpoint runs (<see cref="RefuseBody"/>), and a chunked body is cut off by Kestrel at the limit as it is read
/// (<see cref="ArenaExceptionHandler"/> answers that 413).
/// </summary>
public sealed class RequestLimits(RequestDelegate next, IOptions<BodyLimitOptions> bodyLimits)
{
    public const int MaxRequestTargetBytes = 8 * 1024;
    public const int MaxHeadersBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    /// <summary>The largest refused body that is still read to its end so the client gets the answer (see <see cref="RefuseBody"/>).</summary>
    public const long MaxDrainBytes = 8 * 1024 * 1024;

    public static void ConfigureKestrel(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestLineSize = 2 * MaxRequestTargetBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeadersBytes;
        kestrel.Limits.MaxRequestHeaderCount = 2 * MaxHeaderCount;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (target.Length > MaxRequestTargetBytes)
            return Refuse(context, StatusCodes.Status414RequestUriTooLong, "The request target is too long.",
                $"The path and query are limited to {MaxRequestTargetBytes} bytes.");
        var headers = context.Request.Headers;
        if (headers.Count > MaxHeaderCount || HeadersSize(headers) > MaxHeadersBytes)
            return Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large.",
                $"At most {MaxHeaderCount} headers of {MaxHeadersBytes} bytes in all.");

        var limit = bodyLimits.Value.For(EndpointFeature.Of(context));
        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (context.Request.ContentLength is { } length && length > limit) return RefuseBody(context, size, length, limit);
        if (size is not null) size.MaxRequestBodySize = limit;
        return next(context);
    }

    /// <summary>
    /// A declared body over the route's limit gets its 413 problem. Up to <see cref="MaxDrainBytes"/> the body is read
    /// and dropped first: a client still sending when the server closes the connection sees a reset, not the answer.
    /// </summary>
    private static async Task RefuseBody(HttpContext context, IHttpMaxRequestBodySizeFeature? size, long length, long limit)
    {
        if (length <= MaxDrainBytes && size is not null)
        {
            size.MaxRequestBodySize = MaxDrainBytes;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        await Rejection.TooLarge("body", $"This route accepts bodies of at most {limit} bytes.").ToProblem().ExecuteAsync(context);
    }

    // As Kestrel counts them: each name and value, and the ": " and CRLF around them.
    private static long HeadersSize(IHeaderDictionary headers) =>
        headers.Sum(h => (long)(h.Key.Length + 4) * Math.Max(1, h.Value.Count) + h.Value.Sum(v => (long)(v?.Length ?? 0)));

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
