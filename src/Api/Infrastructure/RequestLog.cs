using Serilog;
using Serilog.Events;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Serilog's request logging: one line per request with the method, route template (the path when no route matched),
/// status, elapsed time, request id, and the user id when signed in. Never the query string, headers, cookies or
/// bodies. Probes of <c>/health</c> and <c>/metrics</c> log at Debug; server errors at Error.
/// </summary>
public static class RequestLog
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod:l} {RouteTemplate:l} responded {StatusCode} in {Elapsed:0.0} ms";
            options.GetLevel = Level;
            options.EnrichDiagnosticContext = Enrich;
        });

    private static LogEventLevel Level(HttpContext context, double elapsedMs, Exception? exception)
    {
        if (exception is not null || context.Response.StatusCode >= 500) return LogEventLevel.Error;
        var path = context.Request.Path;
        return path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") ? LogEventLevel.Debug : LogEventLevel.Information;
    }

    private static void Enrich(IDiagnosticContext diagnostics, HttpContext context)
    {
        diagnostics.Set("RequestId", context.TraceIdentifier);
        diagnostics.Set("RouteTemplate", context.GetEndpoint() is RouteEndpoint route ? "/" + route.RoutePattern.RawText?.TrimStart('/') : context.Request.Path.Value ?? "/");
        if (context.User.UserIdOrNull() is { } userId) diagnostics.Set("UserId", userId);
    }
}
