using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using FastEndpoints;

namespace Arena.Api.Infrastructure;

/// <summary>
/// A request member bound from the route (<c>{id}</c>, <c>{userId}</c>) is not a body member: a body that names it is
/// refused as an unknown field instead of being read and then silently replaced by the route's value, so a client
/// cannot believe it changed an id. The JSON name of such a member is one no body can carry (NUL is refused).
/// </summary>
public static partial class RouteBoundMembers
{
    private static readonly ConcurrentDictionary<Type, string[]> ByRequest = new();

    /// <summary>Called for every endpoint as it is configured, before any request is read.</summary>
    public static void Register(EndpointDefinition endpoint)
    {
        var names = endpoint.Routes.SelectMany(r => RouteParameter().Matches(r)).Select(m => m.Groups[1].Value).ToArray();
        if (names.Length > 0 && endpoint.ReqDtoType is { IsClass: true } type && type != typeof(EmptyRequest))
            ByRequest.AddOrUpdate(type, names, (_, known) => [.. known.Union(names, StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>A type-info modifier for the app's JSON options.</summary>
    public static void Hide(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !ByRequest.TryGetValue(info.Type, out var names)) return;
        foreach (var property in info.Properties)
            if (names.Contains(property.Name, StringComparer.OrdinalIgnoreCase)) property.Name = "\0route:" + property.Name;
    }

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex RouteParameter();
}
