using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Preferences;

public sealed class GetPreferences(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(PreferencesBody.Routes);
        Definition.Documented(PreferencesBody.Tag, "The caller's preferences, defaults filled in for fields never set").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<PreferencesView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).GetPreferences()).ToHttp(TypedResults.Ok);
}
