using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Preferences;

public static class PreferencesApi
{
    /// <summary>A full preferences document is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>
    /// <c>/api/preferences</c>, and the same handlers at <c>/api/v1/preferences</c>, the path the seed-004
    /// frontend already calls. The body is read raw (bounded) because a merge patch must tell an absent
    /// member from a null one, and a replacement must name every missing field.
    /// </summary>
    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/preferences", "/api/v1/preferences" })
        {
            var group = app.MapApiGroup(prefix).WithTags("Preferences").RequireSignedIn();
            group.MapGet("/", GetPreferences).Rejects(404).WithSummary("The caller's preferences, defaults filled in for fields never set");
            group.MapPut("/", PutPreferences).Accepts<PreferencesView>(JsonBody.Json[0]).Rejects(404, 413, 415)
                .WithSummary("Replace all preferences (every field required; disclosureAcceptedAt may be null)");
            group.MapPatch("/", PatchPreferences).Accepts<PreferencesView>(JsonBody.JsonOrMergePatch[0], JsonBody.JsonOrMergePatch[1..]).Rejects(404, 413, 415)
                .WithSummary("Change some preferences with a JSON Merge Patch (RFC 7396); null resets a field to its default");
        }
        return app;
    }

    public static async Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> GetPreferences(ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).GetPreferences()).ToHttp(TypedResults.Ok);

    public static Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> PutPreferences(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        Change(request, JsonBody.Json, PreferencesPatch.ParseReplacement, user, grains);

    public static Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> PatchPreferences(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        Change(request, JsonBody.JsonOrMergePatch, PreferencesPatch.ParseMergePatch, user, grains);

    private static async Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> Change(
        HttpRequest request, string[] mediaTypes, Func<ReadOnlyMemory<byte>, Result<PreferencesPatch>> parse, ClaimsPrincipal user, IGrainFactory grains)
    {
        var body = await JsonBody.ReadAsync(request, MaxBodyBytes, mediaTypes);
        if (body.Problem is { } problem) return problem;
        var change = parse(body.Bytes);
        if (change.Rejection is { } invalid) return invalid.ToValidationProblem();
        return (await grains.GetGrain<IUserGrain>(user.UserId()).ChangePreferences(change.Value!)).ToHttp(TypedResults.Ok);
    }
}
