using FastEndpoints.Swagger;
using System.Text.Json.Serialization;
using NJsonSchema.Generation;
using NSwag;
using NSwag.AspNetCore;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Arena.Api.Infrastructure;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, Swagger UI at <c>/swagger</c>): titled, with the two ways to present
/// a session token, and every operation that needs a session marked with them.
/// </summary>
public static class ApiDocument
{
    public const string Path = "/openapi/{documentName}.json";

    public static void Configure(DocumentOptions options)
    {
        options.ShortSchemaNames = true;
        options.AutoTagPathSegmentIndex = 0;
        options.EnableJWTBearerAuth = false;
        options.DocumentSettings = settings =>
        {
            settings.DocumentName = "v1";
            settings.Title = "Arena API";
            settings.Version = "v1";
            settings.Description = "AI trading arena: bots, leaderboard, live stream, and the companion app's user data. "
                                   + "Errors are RFC 9457 problem details; every response carries X-Request-Id.";
            settings.AddSecurity("bearer", new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The session token from /api/auth/register, /api/auth/login or /api/auth/wallet.",
            });
            settings.AddSecurity("cookie", new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.ApiKey,
                In = OpenApiSecurityApiKeyLocation.Cookie,
                Name = SessionAuthenticationHandler.CookieName,
                Description = "The same token as an HttpOnly cookie, set at sign-in.",
            });
            settings.SchemaSettings.SchemaNameGenerator = new SchemaNames(settings.SchemaSettings.SchemaNameGenerator);
            settings.SchemaSettings.SchemaProcessors.Add(new WireEnumNames());
            settings.OperationProcessors.Add(new SessionRequirement());
            settings.OperationProcessors.Add(new MinimalApiSummary());
        };
    }

    public static void ConfigureDocumentRoute(OpenApiDocumentMiddlewareSettings settings) => settings.Path = Path;

    public static void ConfigureUi(SwaggerUiSettings settings)
    {
        settings.Path = "/swagger";
        settings.DocumentPath = Path;
    }

    /// <summary>Schema names are bare type names; the bots' trading mode (paper|real) would otherwise clash with the preferences' enum.</summary>
    private sealed class SchemaNames(ISchemaNameGenerator inner) : ISchemaNameGenerator
    {
        public string Generate(Type type) => type == typeof(Arena.Grains.Bots.TradingMode) ? "BotTradingMode" : inner.Generate(type);
    }

    /// <summary>Enum values as the JSON carries them (<see cref="JsonStringEnumMemberNameAttribute"/>, which NJsonSchema does not read).</summary>
    private sealed class WireEnumNames : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            var type = Nullable.GetUnderlyingType(context.ContextualType.Type) ?? context.ContextualType.Type;
            if (!type.IsEnum || !context.Schema.IsEnumeration || context.Schema.Enumeration.Any(v => v is not string)) return;
            context.Schema.Enumeration.Clear();
            foreach (var field in type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
                context.Schema.Enumeration.Add(field.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false) is [JsonStringEnumMemberNameAttribute named] ? named.Name : field.Name);
        }
    }

    /// <summary>Marks operations that need a session with the bearer-or-cookie security requirement.</summary>
    private sealed class SessionRequirement : IOperationProcessor
    {
        public bool Process(OperationProcessorContext context)
        {
            if (context is not AspNetCoreOperationProcessorContext { ApiDescription.ActionDescriptor.EndpointMetadata: { } metadata }) return true;
            if (!metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any() || metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
                return true;
            context.OperationDescription.Operation.Security ??= [];
            context.OperationDescription.Operation.Security.Add(new OpenApiSecurityRequirement { ["bearer"] = [] });
            context.OperationDescription.Operation.Security.Add(new OpenApiSecurityRequirement { ["cookie"] = [] });
            return true;
        }
    }

    /// <summary>The routes left on minimal APIs (health) keep the summary they declare with <c>WithSummary</c>.</summary>
    private sealed class MinimalApiSummary : IOperationProcessor
    {
        public bool Process(OperationProcessorContext context)
        {
            if (context is AspNetCoreOperationProcessorContext { ApiDescription.ActionDescriptor.EndpointMetadata: { } metadata }
                && string.IsNullOrEmpty(context.OperationDescription.Operation.Summary)
                && metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>().LastOrDefault() is { } summary)
                context.OperationDescription.Operation.Summary = summary.Summary;
            return true;
        }
    }
}
