using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Arena.Api.Infrastructure;

/// <summary>Titles the document and declares the two ways to present a session token.</summary>
internal sealed class OpenApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Arena API",
            Version = "v1",
            Description = "AI trading arena: bots, leaderboard, live stream, and the companion app's user data. " +
                          "Errors are RFC 9457 problem details; every response carries X-Request-Id.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The session token from /api/auth/register, /api/auth/login or /api/auth/wallet.",
        };
        document.Components.SecuritySchemes["cookie"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionAuthenticationHandler.CookieName,
            Description = "The same token as an HttpOnly cookie, set at sign-in.",
        };
        return Task.CompletedTask;
    }
}
