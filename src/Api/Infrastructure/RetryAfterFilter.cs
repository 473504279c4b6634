namespace Arena.Api.Infrastructure;

/// <summary>Turns a problem's <c>retryAfterSeconds</c> (429 and 503 answers) into the Retry-After header.</summary>
public sealed class RetryAfterFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is ProblemHttpResult problem && problem.ProblemDetails.Extensions.TryGetValue("retryAfterSeconds", out var seconds) && seconds is not null)
            context.HttpContext.Response.Headers.RetryAfter = Convert.ToString(seconds, System.Globalization.CultureInfo.InvariantCulture);
        return result;
    }
}
