using Arena.Api.Infrastructure;
using Arena.Grains.Users;
using FastEndpoints;

namespace Arena.Api.Features.Profile;

public sealed record ReplaceProfileRequest(string? Username, string? DisplayName, string? AvatarUrl);

public sealed class ReplaceProfileValidator() : RulesValidator<ReplaceProfileRequest>((r, errors) => AccountRules.CheckProfile(r.Username, r.DisplayName, r.AvatarUrl, errors));

public sealed class ReplaceProfile(IGrainFactory grains) : Endpoint<ReplaceProfileRequest, Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("/api/profile");
        Definition.Documented("Profile", "Replace the caller's username, display name and avatar URL").SignedIn().Rejects(404, 409);
    }

    public override async Task<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ReplaceProfileRequest request, CancellationToken ct) =>
        (await grains.GetGrain<IUserGrain>(User.UserId()).UpdateProfile(new ProfileUpdate(request.Username, request.DisplayName, request.AvatarUrl))).ToHttp(TypedResults.Ok);
}
