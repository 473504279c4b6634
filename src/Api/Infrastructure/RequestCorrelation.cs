using System.Text.RegularExpressions;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Request-Id</c> when it is a safe token,
/// otherwise a new one. It is echoed in the response, stamped on every log line of the request
/// (as <c>RequestId</c>), and put in problem bodies. The request's summary line is <see cref="RequestLog"/>'s.
/// </summary>
public sealed partial class RequestCorrelation(RequestDelegate next, ILogger<RequestCorrelation> logger)
{
    public const string Header = "X-Request-Id";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex SafeId();

    public async Task InvokeAsync(HttpContext context)
    {
        var supplied = context.Request.Headers[Header].ToString();
        var id = SafeId().IsMatch(supplied) ? supplied : Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = id;
        context.Response.Headers[Header] = id;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id });
        await next(context);
    }
}
