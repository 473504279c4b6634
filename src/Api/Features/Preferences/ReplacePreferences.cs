using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Preferences;

public sealed class ReplacePreferences(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put(PreferencesBody.Routes);
        Definition.Documented(PreferencesBody.Tag, "Replace all preferences (every field required; disclosureAcceptedAt may be null)")
            .SignedIn().AcceptsBody<PreferencesView>(JsonBody.Json).Rejects(404);
    }

    public override Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        PreferencesBody.ChangeAsync(HttpContext, grains, JsonBody.Json, PreferencesPatch.ParseReplacement);
}
