using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Preferences;

public sealed class PatchPreferences(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch(PreferencesBody.Routes);
        Definition.Documented(PreferencesBody.Tag, "Change some preferences with a JSON Merge Patch (RFC 7396); null resets a field to its default")
            .SignedIn().AcceptsBody<PreferencesView>(JsonBody.JsonOrMergePatch).Rejects(404);
    }

    public override Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        PreferencesBody.ChangeAsync(HttpContext, grains, JsonBody.JsonOrMergePatch, PreferencesPatch.ParseMergePatch);
}
