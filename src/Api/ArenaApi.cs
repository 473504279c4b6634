using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Arena.Api.Features.Wallet;
using Arena.Api.Infrastructure;
using FastEndpoints;
using FastEndpoints.Swagger;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace Arena.Api;

public static class ArenaApi
{
    /// <summary>JSON, problem details, authentication, authorization, rate limits, the endpoints and the OpenAPI document.</summary>
    public static IServiceCollection AddArenaApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // A member the request does not have is an error naming it (a typo, or an attempt at a field like role).
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RouteBoundMembers.Hide);
            o.SerializerOptions.Converters.Add(new StrictStrings());
            o.SerializerOptions.Converters.Add(new ExactEnumConverter());
            // Never reached (the first converter that can convert a type is the one used); the OpenAPI generator
            // documents enums as strings only when it finds this converter in the options.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["requestId"] = ctx.HttpContext.TraceIdentifier;
            // Every 429 and 503 says when to come back, in the header as well as the body.
            if (ctx.ProblemDetails.Extensions.TryGetValue("retryAfterSeconds", out var seconds) && seconds is not null && !ctx.HttpContext.Response.HasStarted)
                ctx.HttpContext.Response.Headers.RetryAfter = Convert.ToString(seconds, System.Globalization.CultureInfo.InvariantCulture);
        });
        services.AddExceptionHandler<ArenaExceptionHandler>();
        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<BodyLimitOptions>().BindConfiguration(BodyLimitOptions.Section)
            .Validate(o => o.IsValid, "Arena:Http:BodyLimits: every limit must be at least 1024 bytes.").ValidateOnStart();
        // Exact origins only, with credentials; the middleware runs only when some are configured (UseArenaApi).
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<HttpOptions>>((cors, http) =>
            cors.AddDefaultPolicy(p => p.WithOrigins([.. http.Value.NormalizedOrigins()]).AllowCredentials().AllowAnyHeader()
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE").WithExposedHeaders(RequestCorrelation.Header, "Retry-After")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        services.AddAllowedHosts();
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(CurrentUser.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole("admin"));
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid, "Arena:RateLimits: every bucket needs Burst >= 1 and PermitsPerSecond > 0.").ValidateOnStart();
        services.AddSingleton<RegistrationBuckets>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitRejection.WriteAsync;
            o.AddArenaPolicies();
            o.AddWalletRateLimits();
        });
        // Endpoints are found in this assembly only: a slice is registered by existing in its feature folder.
        services.AddFastEndpoints(o =>
        {
            o.DisableAutoDiscovery = true;
            o.Assemblies = [typeof(ArenaApi).Assembly];
        });
        services.SwaggerDocument(ApiDocument.Configure);
        // Authentication pulls in Data Protection; Arena encrypts nothing with it (session tokens are
        // opaque and stored hashed), so keys need not persist and no key ring is written to disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        return services;
    }

    /// <summary>
    /// Middleware in order: correlation id, the request log, the security headers, errors as problem details, request
    /// limits, CORS (when origins are configured), authentication, the cross-site write check, authorization, rate limits, idempotency keys.
    /// </summary>
    public static WebApplication UseArenaApi(this WebApplication app)
    {
        app.UseMiddleware<RequestCorrelation>();
        app.UseRequestLog();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLimits>();
        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.AllowedOrigins.Length > 0) app.UseCors();
        app.UseAuthentication();
        app.UseMiddleware<CrossSiteWrites>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<IdempotentRequests>();
        return app;
    }

    /// <summary>The API's endpoints, and its OpenAPI document at <c>/openapi/v1.json</c> with Swagger UI at <c>/swagger</c> when exposed.</summary>
    public static WebApplication MapArenaEndpoints(this WebApplication app, bool exposeDocuments)
    {
        app.UseFastEndpoints(ApiEndpoints.Configure);
        if (exposeDocuments) app.UseSwaggerGen(ApiDocument.ConfigureDocumentRoute, ApiDocument.ConfigureUi);
        return app;
    }
}
