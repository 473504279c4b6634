using Arena.Api.Infrastructure;
using Arena.Grains.Events;
using FastEndpoints;

namespace Arena.Api.Features.Admin;

/// <summary>
/// <c>/api/admin</c>: the arena's configuration in the database (seed 002), one slice per area. Every endpoint declares
/// <see cref="AdminOnly"/>, which brings the admin policy (401 anonymous, 403 for other users) and the write log together,
/// so an endpoint cannot have one without the other.
/// </summary>
public static class AdminEndpoint
{
    private const string VersionRequired =
        "The version you read is required: a replacement based on an unknown version could undo someone else's change.";

    public static EndpointDefinition AdminOnly(this EndpointDefinition endpoint)
    {
        endpoint.PostProcessor<AdminWriteLog>(Order.After);
        return endpoint.Admin();
    }

    /// <summary>A replacement (PUT) names the version it was based on; without one nothing else is checked.</summary>
    public static void CheckVersion(long? version, FieldErrors errors) => errors.Require(version is not null, "version", VersionRequired);

    /// <summary>The 400 for a replacement (PUT) sent without the version it was based on.</summary>
    public static ValidationProblem MissingVersion() => Rejection.Invalid("version", VersionRequired).ToValidationProblem();

    /// <summary>The signed-in admin and this request's id, recorded with every change they make (<see cref="AdminAudit"/>).</summary>
    public static AdminActor Actor(this HttpContext context) => new(context.User.UserId(), context.TraceIdentifier);
}

/// <summary>
/// One log line per successful admin write, naming the admin (the request id is on every line of the request).
/// The durable record is the <c>admin.changed</c> event each store writes in the change's transaction; this line
/// is for operators reading logs. It names the route only: bodies may carry secrets and prompts.
/// FastEndpoints builds a processor once, with the services of whichever app registered last when several share a
/// process, so the logger is taken from the request's own services.
/// </summary>
public sealed partial class AdminWriteLog : IGlobalPostProcessor
{
    public Task PostProcessAsync(IPostProcessorContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        if (!context.HasExceptionOccurred && !HttpMethods.IsGet(http.Request.Method) && status is >= 200 and < 300)
            LogWrite(http.RequestServices.GetRequiredService<ILogger<AdminWriteLog>>(), http.User.UserId(), http.Request.Method,
                http.Request.Path.Value ?? "/", status, http.TraceIdentifier);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {UserId} changed configuration: {Method} {Path} answered {StatusCode} (request {RequestId})")]
    private static partial void LogWrite(ILogger logger, Guid userId, string method, string path, int statusCode, string requestId);
}
