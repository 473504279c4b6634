using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Arena.Tests.Contract;

/// <summary>Every endpoint documents its request and response types, and its problem answers.</summary>
public sealed class OpenApiContractTests(SqliteArena arena) : IClassFixture<SqliteArena>
{
    private static readonly string[] BodyMethods = ["post", "put", "patch"];

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = arena.Server.CreateClient();
        return (await (await client.GetAsync("/openapi/v1.json")).AssertOkJsonAsync()).AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    [Fact]
    public async Task Every_success_answer_has_a_typed_json_body_unless_it_is_204()
    {
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations(await DocumentAsync()))
        foreach (var (status, response) in operation["responses"]!.AsObject())
        {
            if (!status.StartsWith('2') || status == "204") continue;
            var schema = response!["content"]?["application/json"]?["schema"];
            if (schema is null) missing.Add($"{method.ToUpperInvariant()} {path} {status}");
        }
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_error_answer_is_a_problem_document()
    {
        var wrong = new List<string>();
        foreach (var (path, method, operation) in Operations(await DocumentAsync()))
        foreach (var (status, response) in operation["responses"]!.AsObject())
        {
            if (status.StartsWith('2') || path.StartsWith("/health", StringComparison.Ordinal)) continue;
            if (response!["content"]?["application/problem+json"]?["schema"] is null) wrong.Add($"{method.ToUpperInvariant()} {path} {status}");
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Endpoints_that_need_a_session_say_so_and_document_401_and_admin_ones_403()
    {
        var wrong = new List<string>();
        foreach (var (path, method, operation) in Operations(await DocumentAsync()))
        {
            var responses = operation["responses"]!.AsObject();
            var secured = operation["security"] is JsonArray { Count: > 0 };
            if (secured && !responses.ContainsKey("401")) wrong.Add($"{method} {path}: secured without 401");
            if (path.StartsWith("/api/admin", StringComparison.Ordinal) && (!secured || !responses.ContainsKey("403"))) wrong.Add($"{method} {path}: admin without security/403");
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Operations_that_take_a_body_document_its_schema_and_every_operation_has_a_summary()
    {
        var wrong = new List<string>();
        foreach (var (path, method, operation) in Operations(await DocumentAsync()))
        {
            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>())) wrong.Add($"{method} {path}: no summary");
            if (operation["tags"] is not JsonArray { Count: > 0 }) wrong.Add($"{method} {path}: no tag");
            if (operation["requestBody"] is { } body && body["content"]?.AsObject().FirstOrDefault().Value?["schema"] is null)
                wrong.Add($"{method} {path}: body without schema");
        }
        Assert.Empty(wrong);
        Assert.Contains(Operations(await DocumentAsync()), o => BodyMethods.Contains(o.Method) && o.Operation["requestBody"] is not null);
    }

    /// <summary>Every HTTP route under /api is a FastEndpoints endpoint; only health, streams, metrics and the tools' own pages are mapped otherwise.</summary>
    [Fact]
    public void Every_api_route_is_an_endpoint_class()
    {
        string[] others = ["/health", "/ws/", "/metrics", "/openapi/", "/swagger", "/dashboard"];
        var routes = arena.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: "/" + e.RoutePattern.RawText?.TrimStart('/'), IsEndpointClass: e.Metadata.GetMetadata<FastEndpoints.EndpointDefinition>() is not null))
            .ToList();
        Assert.Contains(routes, r => r.IsEndpointClass);
        Assert.Empty(routes.Where(r => !r.IsEndpointClass && !others.Any(o => r.Route.StartsWith(o, StringComparison.Ordinal))).Select(r => r.Route));
        Assert.Empty(routes.Where(r => r.IsEndpointClass && !r.Route.StartsWith("/api/", StringComparison.Ordinal)).Select(r => r.Route));
    }
}
