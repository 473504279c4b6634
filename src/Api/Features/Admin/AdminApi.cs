using Arena.Api.Features.Admin.Bots;
using Arena.Api.Features.Admin.Credentials;
using Arena.Api.Features.Admin.LeveragePolicies;
using Arena.Api.Features.Admin.Prompts;
using Arena.Api.Features.Admin.Providers;
using Arena.Api.Features.Admin.Settings;
using Arena.Api.Infrastructure;
using Arena.Grains.Events;

namespace Arena.Api.Features.Admin;

/// <summary>
/// <c>/api/admin</c>: the arena's configuration in the database (seed 002). One group declares the admin
/// policy (401 anonymous, 403 for other users) once for every area; each area is its own slice.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapApiGroup("/api/admin").RequireAdmin().AddEndpointFilter<AdminWriteLog>();
        admin.MapAdminProviders();
        admin.MapAdminBots();
        admin.MapAdminPrompts();
        admin.MapAdminLeveragePolicies();
        admin.MapAdminSettings();
        admin.MapAdminCredentials();
        return app;
    }

    /// <summary>The 400 for a replacement (PUT) sent without the version it was based on.</summary>
    public static ValidationProblem MissingVersion() =>
        Rejection.Invalid("version", "The version you read is required: a replacement based on an unknown version could undo someone else's change.")
            .ToValidationProblem();

    /// <summary>The signed-in admin and this request's id, recorded with every change they make (<see cref="AdminAudit"/>).</summary>
    public static AdminActor Actor(this HttpContext context) => new(context.User.UserId(), context.TraceIdentifier);
}

/// <summary>
/// One log line per successful admin write, naming the admin (the request id is on every line of the request).
/// The durable record is the <c>admin.changed</c> event each store writes in the change's transaction; this line
/// is for operators reading logs. It names the route only: bodies may carry secrets and prompts.
/// </summary>
public sealed partial class AdminWriteLog(ILogger<AdminWriteLog> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method)) return result;
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        var status = inner is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        if (status is >= 200 and < 300)
            LogWrite(http.User.UserId(), http.Request.Method, http.Request.Path.Value ?? "/", status, http.TraceIdentifier);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {UserId} changed configuration: {Method} {Path} answered {StatusCode} (request {RequestId})")]
    private partial void LogWrite(Guid userId, string method, string path, int statusCode, string requestId);
}
