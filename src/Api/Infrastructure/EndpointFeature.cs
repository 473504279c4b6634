using System.Reflection;
using FastEndpoints;

namespace Arena.Api.Infrastructure;

/// <summary>The feature folder a request's endpoint lives in, for the settings keyed by it (body limits, rate limits).</summary>
public static class EndpointFeature
{
    /// <summary>Admin, Import, Auth, ... for a FastEndpoints endpoint or a minimal-API handler; null when no route matched.</summary>
    public static string? Of(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var type = metadata?.GetMetadata<EndpointDefinition>()?.EndpointType ?? metadata?.GetMetadata<MethodInfo>()?.DeclaringType;
        return type is null ? null : RateLimits.GroupOf(type);
    }
}
