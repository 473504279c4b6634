using FastEndpoints;
using FluentValidation.Results;

namespace Arena.Api.Infrastructure;

/// <summary>
/// How every endpoint binds, validates and fails: the app's JSON options, binding and validation failures as one
/// RFC 9457 problem naming each failing field (the same shape <see cref="ResultHttp"/> gives a domain rejection),
/// the 500/503 problems any endpoint can answer, documented once, and each endpoint's rate limit (<see cref="RateLimits"/>).
/// </summary>
public static class ApiEndpoints
{
    public static void Configure(Config config)
    {
        config.Endpoints.ShortNames = true;
        config.Endpoints.Configurator = endpoint =>
        {
            endpoint.Description(b => b
                .ProducesProblem(StatusCodes.Status500InternalServerError)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable));
            RateLimits.Apply(endpoint);
            RouteBoundMembers.Register(endpoint);
        };
        config.Binding.UsePropertyNamingPolicy = true;
        config.Binding.FailureMessage = (_, field, _) => $"The value of '{JsonNamingPolicy.CamelCase.ConvertName(field)}' is not valid.";
        config.Binding.JsonExceptionTransformer = json =>
        {
            var (field, message) = JsonErrors.Describe(json);
            return new ValidationFailure(field, message);
        };
        config.Errors.ContentType = "application/problem+json";
        config.Errors.ProducesMetadataType = typeof(HttpValidationProblemDetails);
        config.Errors.ResponseBuilder = (failures, context, status) => Problem(failures, context, status);
    }

    private static HttpValidationProblemDetails Problem(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var errors = failures.GroupBy(f => JsonNamingPolicy.CamelCase.ConvertName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "The request is invalid.",
            Status = status,
            Instance = context.Request.Path,
            Extensions =
            {
                ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier,
                ["requestId"] = context.TraceIdentifier,
            },
        };
    }
}
