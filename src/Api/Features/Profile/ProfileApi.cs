using Arena.Api.Infrastructure;
using Arena.Grains.Users;

namespace Arena.Api.Features.Profile;

public sealed record ProfileRequest(string? Username, string? DisplayName, string? AvatarUrl);

public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfile(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/profile").WithTags("Profile").RequireSignedIn();
        group.MapGet("/", GetProfile).Rejects(404).WithSummary("The caller's profile");
        group.MapPut("/", PutProfile).Rejects(404, 409).WithSummary("Replace the caller's username, display name and avatar URL");
        return app;
    }

    public static async Task<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>> GetProfile(ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).GetProfile()).ToHttp(TypedResults.Ok);

    public static async Task<Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult>> PutProfile(ProfileRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        (await grains.GetGrain<IUserGrain>(user.UserId()).UpdateProfile(new ProfileUpdate(request.Username, request.DisplayName, request.AvatarUrl))).ToHttp(TypedResults.Ok);
}
