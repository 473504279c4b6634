using System.Text.Json.Serialization;
using Arena.Api.Features.Wallet;
using Arena.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace Arena.Api;

public static class ArenaApi
{
    /// <summary>JSON, problem details, authentication, authorization and the OpenAPI document.</summary>
    public static IServiceCollection AddArenaApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ArenaExceptionHandler>();
        // Outside Development, minimal APIs answer an unreadable body with a bare 400; throwing instead
        // lets ArenaExceptionHandler name the offending JSON field in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(CurrentUser.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole("admin"));
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiDocumentTransformer>();
            o.AddOperationTransformer<OpenApiSecurityTransformer>();
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitRejection.WriteAsync;
            o.AddWalletRateLimits();
        });
        // Authentication pulls in Data Protection; Arena encrypts nothing with it (session tokens are
        // opaque and stored hashed), so keys need not persist and no key ring is written to disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        return services;
    }

    /// <summary>Middleware in order: correlation id, errors as problem details, authentication, authorization, rate limits.</summary>
    public static WebApplication UseArenaApi(this WebApplication app)
    {
        app.UseMiddleware<RequestCorrelation>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The root group every API route hangs from: Retry-After on 429/503 problems, documented problem answers.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix)
            .AddEndpointFilter<RetryAfterFilter>()
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
