using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Profile;

public sealed class GetProfile(IGrainFactory grains) : EndpointWithoutRequest<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/api/profile");
        Definition.Documented("Profile", "The caller's profile").SignedIn().Rejects(404);
    }

    public override async Task<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).GetProfile()).ToHttp(TypedResults.Ok);
}
