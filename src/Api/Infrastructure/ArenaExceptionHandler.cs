using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;

namespace Arena.Api.Infrastructure;

/// <summary>
/// Maps exceptions to problem details: unreadable JSON to 400 naming the field, a busy grain (Orleans'
/// <see cref="LimitExceededException"/>) or a changing cluster to 503 with Retry-After, a lost version race to 409,
/// an unreachable database to 503. Anything else is a
/// 500 that says nothing about internals (the log has the details, keyed by the request id).
/// </summary>
public sealed partial class ArenaExceptionHandler(IProblemDetailsService problems, ILogger<ArenaExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors, retryAfter) = Classify(exception);
        if (status >= 500 && exception is not LimitExceededException) LogUnhandled(exception, status);
        context.Response.StatusCode = status;
        if (retryAfter is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Title, string? Detail, IDictionary<string, string[]>? Errors, int? RetryAfter) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                return (400, "The request body is not valid.", null, JsonErrors.ToErrors(json), null);
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge:
                // Kestrel cut off a body (chunked, or longer than declared) at the route's limit (RequestLimits).
                return (413, "Too large.", tooLarge.Message, new Dictionary<string, string[]> { ["body"] = [tooLarge.Message] }, null);
            case BadHttpRequestException bad:
                return (bad.StatusCode, "The request is not valid.", null, BindingErrors(bad.Message), null);
            case JsonException json:
                return (400, "The request body is not valid.", null, JsonErrors.ToErrors(json), null);
            case LimitExceededException:
                // Orleans refused the call: too many calls are running or waiting at that one activation.
                return (503, "Busy.", "This resource is handling too many requests; retry shortly.", null, 1);
            case SiloUnavailableException or OrleansMessageRejectionException:
                return (503, "Service unavailable.", "The cluster is changing (a silo is starting or stopping); retry shortly.", null, 1);
            case VersionConflictException:
                return (409, "Conflict.", "The data changed while this request was being handled; read it again and retry.", null, null);
            case System.Data.Common.DbException { IsTransient: true } or TimeoutException:
                return (503, "Service unavailable.", "The database is unavailable or busy; retry shortly.", null, 5);
            case OperationCanceledException:
                return (503, "Service unavailable.", "The server is shutting down; retry on another instance.", null, 1);
            default:
                return (500, "An unexpected error occurred.", null, null, null);
        }
    }

    /// <summary>
    /// The framework's binding messages name C# parameters and types ("Required parameter \"int limit\" ...",
    /// "Implicit body inferred ... Did you mean to use a Service instead?"); clients get the field and a plain sentence.
    /// </summary>
    private static Dictionary<string, string[]> BindingErrors(string message)
    {
        if (message.Contains("no body was provided", StringComparison.Ordinal))
            return new() { ["body"] = ["A JSON request body is required."] };
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"(?:[^\" ]+ )?(?<name>[A-Za-z0-9_]+)\"");
        var field = match.Success ? match.Groups["name"].Value : "request";
        return message.StartsWith("Required parameter", StringComparison.Ordinal)
            ? new() { [field] = [$"'{field}' is required."] }
            : new() { [field] = [$"The value of '{field}' is not valid."] };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {StatusCode}")]
    private partial void LogUnhandled(Exception exception, int statusCode);
}
