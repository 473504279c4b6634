namespace Arena.Api.Infrastructure;

/// <summary>Maps grain results to HTTP: the value to the success result, a rejection to RFC 9457 problem details.</summary>
public static class ResultHttp
{
    public static Results<TOk, ValidationProblem, ProblemHttpResult> ToHttp<T, TOk>(this Result<T> result, Func<T, TOk> ok)
        where TOk : IResult
    {
        if (result.IsOk) return ok(result.Value!);
        return Refuse<TOk>(result.Rejection!);
    }

    /// <summary>For commands that answer no value: success unless there is a rejection.</summary>
    public static Results<TOk, ValidationProblem, ProblemHttpResult> ToHttp<TOk>(this Rejection? rejection, Func<TOk> ok)
        where TOk : IResult =>
        rejection is null ? ok() : Refuse<TOk>(rejection);

    private static Results<TOk, ValidationProblem, ProblemHttpResult> Refuse<TOk>(Rejection rejection)
        where TOk : IResult =>
        rejection.Kind == RejectionKind.Invalid ? rejection.ToValidationProblem() : rejection.ToProblem();

    /// <summary>A rejection that carries field errors (400).</summary>
    public static ValidationProblem ToValidationProblem(this Rejection rejection) =>
        TypedResults.ValidationProblem(rejection.Errors ?? new Dictionary<string, string[]>(), title: rejection.Title, detail: rejection.Detail);

    /// <summary>Any other rejection, with the status of its kind (404, 409, 401, 403, 413, 429 and 503 + Retry-After).</summary>
    public static ProblemHttpResult ToProblem(this Rejection rejection)
    {
        var extensions = new Dictionary<string, object?>();
        if (rejection.Errors is not null) extensions["errors"] = rejection.Errors;
        if (rejection.RetryAfter is { } retry) extensions["retryAfterSeconds"] = (int)Math.Ceiling(retry.TotalSeconds);
        return TypedResults.Problem(detail: rejection.Detail, statusCode: StatusOf(rejection.Kind), title: rejection.Title, extensions: extensions);
    }

    public static int StatusOf(RejectionKind kind) => kind switch
    {
        RejectionKind.Invalid => StatusCodes.Status400BadRequest,
        RejectionKind.NotFound => StatusCodes.Status404NotFound,
        RejectionKind.Conflict => StatusCodes.Status409Conflict,
        RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
        RejectionKind.Unauthorized => StatusCodes.Status401Unauthorized,
        RejectionKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        RejectionKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RejectionKind.Busy => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
