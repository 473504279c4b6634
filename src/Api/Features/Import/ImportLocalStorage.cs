using System.Text.Json.Serialization;
using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Import;

/// <summary>The body of a localStorage import: the storage as the browser holds it (every value a string).</summary>
public sealed record LocalStorageImportRequest(IReadOnlyDictionary<string, string?>? Entries, DateTimeOffset? ExportedAt);

/// <summary>
/// The body is read raw (bounded far above the usual request) and parsed strictly here: unknown members are refused,
/// and a malformed body is a 400 naming where it went wrong.
/// </summary>
public sealed class ImportLocalStorage(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<LocalStorageImportReport>, ValidationProblem, ProblemHttpResult>>
{
    // A browser gives an origin about 5 MB of localStorage; the keys worth importing are a small part of it.
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new StrictStrings() },
    };

    public override void Configure()
    {
        Post("/api/import/local-storage");
        Definition.Documented("Import",
                "Take over the legacy apps' localStorage (seed 004 arise_* keys, seed 000 stockclaw_* keys) without overwriting newer server data")
            .SignedIn().AcceptsBody<LocalStorageImportRequest>(JsonBody.Json).Rejects(404);
    }

    public override async Task<Results<Ok<LocalStorageImportReport>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(HttpContext.Request, MaxBodyBytes, JsonBody.Json);
        if (body.Problem is { } problem) return problem;
        LocalStorageImportRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<LocalStorageImportRequest>(body.Bytes.Span, Json);
        }
        catch (JsonException ex)
        {
            var field = JsonErrors.FieldOf(ex);
            if (ex is FieldJsonException) return Rejection.Invalid(field, ex.Message).ToValidationProblem();
            return Rejection.Invalid(field, "Expected {\"entries\": {\"<key>\": \"<value as stored>\"}, \"exportedAt\": <optional time>}; every value is a string.").ToValidationProblem();
        }
        if (parsed?.Entries is not { } entries) return Rejection.Invalid("entries", "entries (an object of localStorage keys and their string values) is required.").ToValidationProblem();
        return (await grains.GetGrain<IUserGrain>(User.UserId()).ImportLocalStorage(entries, parsed.ExportedAt)).ToHttp(TypedResults.Ok);
    }
}
