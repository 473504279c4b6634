using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Arena.Api.Infrastructure;

/// <summary>Marks operations that need a session with the bearer-or-cookie security requirement.</summary>
internal sealed class OpenApiSecurityTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!EndpointConventions.RequiresAuthorization(context.Description.ActionDescriptor.EndpointMetadata)) return Task.CompletedTask;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] });
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("cookie", context.Document)] = [] });
        return Task.CompletedTask;
    }
}
