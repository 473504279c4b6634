using System.Text.RegularExpressions;

namespace Arena.Tests.Abuse;

/// <summary>One operation of the OpenAPI document: what the abuse suite knows about a route.</summary>
public sealed partial record ApiOperation(string Method, string Path, JsonObject Definition)
{
    public string Name => $"{Method} {Path}";

    public bool Secured => Definition["security"] is JsonArray { Count: > 0 };

    /// <summary>Under /api/admin, or documenting 403: only an admin may call it.</summary>
    public bool AdminOnly => Path.StartsWith("/api/admin/", StringComparison.Ordinal) || Definition["responses"]?["403"] is not null;

    /// <summary>Each path parameter with the collection segment before it (<c>sessions/{sessionId}</c>, <c>watchlist/{*symbol}</c>).</summary>
    public IReadOnlyList<string> ParameterKeys => ParameterPattern().Matches(Path).Select(m => m.Value).ToArray();

    public string? ContentType => Body?.Key;

    public JsonNode? BodySchema => Body?.Value?["schema"];

    private KeyValuePair<string, JsonNode?>? Body =>
        Definition["requestBody"]?["content"]?.AsObject().FirstOrDefault() is { Key: not null } first ? first : null;

    /// <summary>The path with every parameter replaced by its value in <paramref name="values"/>.</summary>
    public string Fill(IReadOnlyDictionary<string, string> values) =>
        ParameterPattern().Replace(Path, m => m.Groups[1].Value + "/" + Uri.EscapeDataString(values[m.Value]));

    [GeneratedRegex(@"([^/{}]+)/\{[^}]+\}")]
    private static partial Regex ParameterPattern();
}

public enum ValueKind { String, Number, Boolean, Array, Object, Map, Any }

/// <summary>Reads the route table and the schemas out of the silo's own OpenAPI document.</summary>
public static class RouteTable
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static async Task<JsonObject> DocumentAsync(ArenaServer server)
    {
        using var client = server.CreateClient();
        return (await (await client.GetAsync("/openapi/v1.json")).AssertOkJsonAsync()).AsObject();
    }

    public static IReadOnlyList<ApiOperation> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key))
                .Select(o => new ApiOperation(o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())))
            .ToArray();

    /// <summary>The schema itself, following <c>$ref</c> and a single-branch <c>oneOf</c>/<c>allOf</c> (how NSwag writes nullable refs).</summary>
    public static JsonObject Resolve(JsonObject document, JsonNode? schema)
    {
        var current = schema as JsonObject ?? new JsonObject();
        for (var depth = 0; depth < 10; depth++)
        {
            if (current["$ref"]?.GetValue<string>() is { } reference)
                current = document["components"]!["schemas"]![reference.Split('/')[^1]]!.AsObject();
            else if ((current["oneOf"] ?? current["allOf"]) is JsonArray { Count: 1 } only)
                current = only[0]!.AsObject();
            else
                return current;
        }
        return current;
    }

    public static ValueKind KindOf(JsonObject schema) => schema["type"]?.GetValue<string>() switch
    {
        "string" => ValueKind.String,
        "integer" or "number" => ValueKind.Number,
        "boolean" => ValueKind.Boolean,
        "array" => ValueKind.Array,
        "object" when schema["additionalProperties"] is JsonObject && schema["properties"] is null => ValueKind.Map,
        "object" => ValueKind.Object,
        _ when schema["properties"] is not null => ValueKind.Object,
        _ when schema["enum"] is not null => ValueKind.String,
        _ => ValueKind.Any,
    };
}
