using System.Text.Json.Serialization;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Import;

/// <summary>The body of a localStorage import: the storage as the browser holds it (every value a string).</summary>
public sealed record LocalStorageImportRequest(IReadOnlyDictionary<string, string?>? Entries, DateTimeOffset? ExportedAt);

public static class ImportApi
{
    // A browser gives an origin about 5 MB of localStorage; the keys worth importing are a small part of it.
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static IEndpointRouteBuilder MapImport(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/import").WithTags("Import").RequireSignedIn();
        group.MapPost("/local-storage", ImportLocalStorage).Accepts<LocalStorageImportRequest>(JsonBody.Json[0]).Rejects(404, 413, 415)
            .WithSummary("Take over the legacy apps' localStorage (seed 004 arise_* keys, seed 000 stockclaw_* keys) without overwriting newer server data");
        return app;
    }

    public static async Task<Results<Ok<LocalStorageImportReport>, ValidationProblem, ProblemHttpResult>> ImportLocalStorage(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var body = await JsonBody.ReadAsync(request, MaxBodyBytes, JsonBody.Json);
        if (body.Problem is { } problem) return problem;
        LocalStorageImportRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<LocalStorageImportRequest>(body.Bytes.Span, Json);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return Rejection.Invalid(field, "Expected {\"entries\": {\"<key>\": \"<value as stored>\"}, \"exportedAt\": <optional time>}; every value is a string.").ToValidationProblem();
        }
        if (parsed?.Entries is not { } entries) return Rejection.Invalid("entries", "entries (an object of localStorage keys and their string values) is required.").ToValidationProblem();
        return (await grains.GetGrain<IUserGrain>(user.UserId()).ImportLocalStorage(entries, parsed.ExportedAt)).ToHttp(TypedResults.Ok);
    }
}
